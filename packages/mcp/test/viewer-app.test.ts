import { readFile } from 'node:fs/promises';
import { type CallToolResult, InMemoryTransport } from '@modelcontextprotocol/client';
import { App } from '@modelcontextprotocol/ext-apps';
import { AppBridge, RESOURCE_MIME_TYPE } from '@modelcontextprotocol/ext-apps/app-bridge';
import * as extAppsServer from '@modelcontextprotocol/ext-apps/server';
import { TripoError } from '@tripokit/core';
import { isGlb } from '@tripokit/testing';
import { describe, expect, it } from 'vitest';
import { ERROR_META_KEY, MCP_APPS_ENV, VIEWER_TOOLS, VIEWER_URI } from '../src/index.js';
import * as viewerApp from '../src/viewer-app.js';
import { VIEWER_HTML_PATH } from '../src/viewer-app.js';
import { ViewerController, type ViewerState } from '../viewer/controller.js';
import { ERROR_META_KEY as VIEWER_ERROR_META_KEY } from '../viewer/tool-result.js';
import { type Connection, callWithProgress, type Era, textOf, useMcpHarness } from './harness.js';

/** A host as the MCP Apps SDK builds one: an `AppBridge` on a real client, linked in memory to a real `App`. */
interface AppHost {
  bridge: AppBridge;
  app: App;
  controller: ViewerController;
  /** Every state the viewer went through. */
  states: ViewerState[];
  /** Every tool the app called through the bridge, with its arguments. */
  calls: { name: string; arguments: Record<string, unknown> }[];
  /** Calls `name` like a chat host would, passing input and result on to the app. */
  runTool(name: string, args: Record<string, unknown>): Promise<CallToolResult>;
  /** Resolves once the viewer is in a state `done` accepts. */
  until(done: (state: ViewerState) => boolean): Promise<ViewerState>;
}

async function openHost(connection: Connection): Promise<AppHost> {
  const { client } = connection;
  const bridge = new AppBridge(
    client,
    { name: 'test-host', version: '1.0.0' },
    { serverTools: {}, serverResources: {}, updateModelContext: { text: {} } },
  );
  const app = new App({ name: 'TripoKit 3D viewer', version: 'test' }, {}, { autoResize: false });
  const controller = new ViewerController(app, { sleep: async () => {} });
  const states: ViewerState[] = [];
  controller.subscribe((state) => states.push(state));
  app.ontoolinput = (params) => controller.toolInput(params.arguments);
  app.ontoolresult = (result) => void controller.toolResult(result);
  const [hostSide, appSide] = InMemoryTransport.createLinkedPair();
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  await bridge.connect(hostSide);
  // The bridge forwards the app's tools/call to the client; the test records what went through.
  const forward = bridge.oncalltool!;
  const calls: AppHost['calls'] = [];
  bridge.oncalltool = (params, extra) => {
    calls.push({ name: params.name, arguments: { ...params.arguments } });
    return forward(params, extra);
  };
  await app.connect(appSide);
  await initialized;
  return {
    bridge,
    app,
    controller,
    states,
    calls,
    async runTool(name, args) {
      await bridge.sendToolInput({ arguments: args });
      const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
      await bridge.sendToolResult(result);
      return result;
    },
    until(done) {
      if (done(controller.state)) return Promise.resolve(controller.state);
      return new Promise((resolve) => {
        const stop = controller.subscribe((state) => {
          if (!done(state)) return;
          stop();
          resolve(state);
        });
      });
    },
  };
}

const settled = (state: ViewerState) => state.phase === 'ready' || state.phase === 'failed';

// The server registers its MCP Apps resource without ext-apps (a dev dependency only); its constants must stay
// those of the ext-apps release the viewer and the host bridge of these tests are built with.
describe("the server's MCP Apps constants", () => {
  it("equal ext-apps' own", () => {
    expect(viewerApp.RESOURCE_MIME_TYPE).toBe(extAppsServer.RESOURCE_MIME_TYPE);
    expect(viewerApp.RESOURCE_URI_META_KEY).toBe(extAppsServer.RESOURCE_URI_META_KEY);
  });
});

describe('the viewer page', () => {
  it('is one self-contained HTML document of bounded size', async () => {
    const html = await readFile(VIEWER_HTML_PATH, 'utf8');
    const size = Buffer.byteLength(html);
    // model-viewer with three.js is about 1 MB minified, the MCP Apps SDK about 0.25 MB.
    expect(size).toBeGreaterThan(500_000);
    expect(size).toBeLessThan(1_600_000);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=/i);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/i);
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain('<model-viewer');
  });

  it('reads failed calls from the same metadata key the server writes', () => {
    expect(VIEWER_ERROR_META_KEY).toBe(ERROR_META_KEY);
  });
});

describe.each<Era>(['legacy', 'modern'])('the viewer app over the %s era', (era) => {
  const h = useMcpHarness();

  it('declares the viewer on the four result tools and serves it with a CSP that allows no domain', async () => {
    const { client } = await h.connect(era);
    const { tools } = await client.listTools();
    const withUi = tools.filter((tool) => tool._meta?.ui !== undefined).map((tool) => tool.name);
    expect(withUi.sort()).toEqual([...VIEWER_TOOLS].sort());
    for (const tool of tools.filter((t) => VIEWER_TOOLS.includes(t.name))) {
      expect(tool._meta).toMatchObject({ ui: { resourceUri: VIEWER_URI }, 'ui/resourceUri': VIEWER_URI });
      expect(Object.keys(tool._meta ?? {}).sort()).toEqual(['ui', 'ui/resourceUri']);
    }
    const read = await client.readResource({ uri: VIEWER_URI });
    expect(read.contents).toHaveLength(1);
    const content = read.contents[0] as { mimeType: string; text: string; _meta: Record<string, unknown> };
    expect(content.mimeType).toBe(RESOURCE_MIME_TYPE);
    expect(content.text).toBe(await readFile(VIEWER_HTML_PATH, 'utf8'));
    expect(content._meta).toEqual({
      ui: { csp: { connectDomains: [], resourceDomains: [] }, prefersBorder: true },
    });
    const { resources } = await client.listResources();
    expect(resources).toContainEqual(
      expect.objectContaining({ uri: VIEWER_URI, mimeType: RESOURCE_MIME_TYPE }),
    );
  });

  it('leaves every result as it is without MCP Apps, and is gone with TRIPOKIT_MCP_APPS=off', async () => {
    const { client } = await h.connect(era);
    const started = await callWithProgress(client, 'create_3d_model_from_text', { prompt: 'a tin robot' });
    const taskId = (started.result.structuredContent as { task_id: string }).task_id;
    await callWithProgress(client, 'wait_for_task', { task_id: taskId });
    const withApps = await client.callTool({ name: 'get_task_status', arguments: { task_id: taskId } });

    h.configure({ env: { [MCP_APPS_ENV]: 'off' } });
    const off = await h.connect(era);
    const withoutApps = await off.client.callTool({
      name: 'get_task_status',
      arguments: { task_id: taskId },
    });
    // Each query signs fresh download links; everything else must be identical.
    const unsigned = (value: unknown) => JSON.stringify(value).replace(/\?v=\d+&exp=\d+&sig=[\w-]+/g, '?…');
    expect(unsigned(withoutApps)).toBe(unsigned(withApps));
    expect(unsigned(withApps)).toContain('?…');
    const { tools } = await off.client.listTools();
    expect(tools.filter((tool) => tool._meta?.ui !== undefined || tool._meta?.['ui/resourceUri'])).toEqual(
      [],
    );
    const { resources } = await off.client.listResources();
    expect(resources.map((r) => r.uri)).not.toContain(VIEWER_URI);
    await expect(off.client.readResource({ uri: VIEWER_URI })).rejects.toThrow();
  });

  it('refuses a TRIPOKIT_MCP_APPS value it does not know', () => {
    expect(() => h.configure({ env: { [MCP_APPS_ENV]: 'maybe' } })).toThrow(TripoError);
    h.configure({ env: { [MCP_APPS_ENV]: 'maybe' }, apps: false });
  });

  it('gets the tool input and result, and shows the saved model read as a resource through the host', async () => {
    const host = await openHost(await h.connect(era));
    const result = await host.runTool('generate_3d_model', { prompt: 'a red ceramic teapot' });
    expect(result.isError).toBeFalsy();
    const state = await host.until(settled);
    expect(state.phase).toBe('ready');
    expect(state.subject).toBe('a red ceramic teapot');
    expect(host.states.some((s) => s.phase === 'starting')).toBe(true);
    const [original] = state.models;
    const saved = (result.structuredContent as { file: { path: string } }).file.path;
    expect(original).toMatchObject({ key: 'original', file: { path: saved, format: 'glb' } });
    expect(original?.problem).toBeUndefined();
    expect(isGlb(original!.bytes!)).toBe(true);
    expect(Buffer.from(original!.bytes!).equals(await readFile(saved))).toBe(true);
    expect(state.shown).toBe('original');
    expect(host.calls).toEqual([]);
  });

  it('follows a task that is still running, with growing progress, then saves and shows it', async () => {
    const host = await openHost(await h.connect(era));
    const result = await host.runTool('generate_3d_model', { prompt: 'a wooden chair', timeout_seconds: 5 });
    expect((result.structuredContent as { status: string }).status).not.toBe('success');
    const state = await host.until(settled);
    expect(state.phase, JSON.stringify(state.failure)).toBe('ready');
    const progress = host.states.filter((s) => s.phase === 'following').map((s) => s.task?.progress ?? 0);
    expect(new Set(progress.filter((p) => p > 0 && p < 100)).size).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(host.calls.map((c) => c.name)).toContain('get_task_status');
    expect(host.calls.at(-1)).toEqual({ name: 'download_model', arguments: { task_id: state.task?.taskId } });
    expect(state.models[0]?.bytes).toBeDefined();
  });

  it('runs each button through the host: low-poly, convert, rig + animate, refresh', async () => {
    const host = await openHost(await h.connect(era));
    await host.runTool('generate_3d_model', { prompt: 'a small stone golem' });
    await host.until(settled);
    const base = host.controller.baseTaskId!;
    expect(base).toBeDefined();

    await host.controller.makeLowPoly();
    // The simulator writes real OBJ files (its FBX files hold GLB bytes and are saved as .glb).
    await host.controller.convert('OBJ');
    await host.controller.animate('preset:run');
    await host.controller.refresh();

    const { jobs, models } = host.controller.state;
    expect(jobs.lowpoly.phase, jobs.lowpoly.message).toBe('done');
    expect(jobs.convert.phase, jobs.convert.message).toBe('done');
    expect(jobs.animate.phase, jobs.animate.message).toBe('done');
    const byType = (type: string) => h.sim.tasks.filter((t) => t.type === type);
    expect(byType('highpoly_to_lowpoly').map((t) => t.params.original_model_task_id)).toEqual([base]);
    expect(byType('convert_model').map((t) => [t.params.original_model_task_id, t.params.format])).toEqual([
      [base, 'OBJ'],
    ]);
    const [rig] = byType('animate_rig');
    expect(rig?.params.original_model_task_id).toBe(base);
    expect(
      byType('animate_retarget').map((t) => [t.params.original_model_task_id, t.params.animation]),
    ).toEqual([[rig?.taskId, 'preset:run']]);
    expect(jobs.convert.file?.format).toBe('obj');
    expect(jobs.animate.taskIds).toEqual([rig?.taskId, byType('animate_retarget')[0]?.taskId]);
    expect(models.map((m) => m.key)).toEqual(['original', 'lowpoly', 'animated']);
    expect(models.every((m) => m.bytes !== undefined)).toBe(true);
    expect(host.controller.state.shown).toBe('animated');
    const last = host.calls.at(-1);
    expect(last).toEqual({ name: 'get_task_status', arguments: { task_id: base } });
    expect(host.controller.state.task?.taskId).toBe(base);
  });

  it('never pays twice for one click: a second click while it runs, or after it is done, starts nothing', async () => {
    const host = await openHost(await h.connect(era));
    await host.runTool('generate_3d_model', { prompt: 'a paper lantern' });
    await host.until(settled);
    await Promise.all([host.controller.makeLowPoly(), host.controller.makeLowPoly()]);
    await host.controller.makeLowPoly();
    expect(h.sim.tasks.filter((t) => t.type === 'highpoly_to_lowpoly')).toHaveLength(1);
    await Promise.all([host.controller.convert('OBJ'), host.controller.convert('OBJ')]);
    await host.controller.convert('OBJ');
    await host.controller.convert('STL');
    await host.controller.convert('OBJ');
    expect(h.sim.tasks.filter((t) => t.type === 'convert_model').map((t) => t.params.format)).toEqual([
      'OBJ',
      'STL',
    ]);
  });

  it('tells the assistant about every task a button started', async () => {
    const host = await openHost(await h.connect(era));
    const told: string[] = [];
    host.bridge.onupdatemodelcontext = async (params) => {
      told.push(params.content?.map((c) => (c.type === 'text' ? c.text : '')).join('') ?? '');
      return {};
    };
    await host.runTool('generate_3d_model', { prompt: 'a glass bottle' });
    await host.until(settled);
    await host.controller.makeLowPoly();
    const [lowpoly] = h.sim.tasks.filter((t) => t.type === 'highpoly_to_lowpoly');
    expect(told.at(-1)).toContain(`lowpoly: task ${lowpoly?.taskId} (saved at `);
    expect(told.at(-1)).toContain(host.controller.baseTaskId);
  });

  it('says where the model is saved when the host refuses to hand the file over', async () => {
    const host = await openHost(await h.connect(era));
    host.bridge.onreadresource = async () => {
      throw new Error('resources/read is not allowed for apps here');
    };
    const result = await host.runTool('generate_3d_model', { prompt: 'a brass lamp' });
    const state = await host.until(settled);
    const saved = (result.structuredContent as { file: { path: string } }).file.path;
    expect(state.phase).toBe('ready');
    expect(state.shown).toBeUndefined();
    expect(state.models[0]?.bytes).toBeUndefined();
    expect(state.models[0]?.problem).toMatch(/did not hand the model file to the viewer/);
    expect(state.models[0]?.problem).toContain('resources/read is not allowed for apps here');
    expect(state.models[0]?.problem).toContain(`It is saved at ${saved}.`);
  });

  it('shows the status and the advice of a task that failed', async () => {
    const host = await openHost(await h.connect(era));
    const result = await host.runTool('generate_3d_model', { prompt: 'a forbidden statue' });
    const state = await host.until(settled);
    expect(state.phase).toBe('failed');
    expect(state.task?.outcome).toBe('banned');
    const structured = result.structuredContent as { message: string; next_step: string };
    expect(state.failure).toMatchObject({ message: structured.message, advice: structured.next_step });
    expect(state.failure?.advice?.length).toBeGreaterThan(20);
  });

  it('shows the message and suggestion of a call that failed', async () => {
    const host = await openHost(await h.connect(era));
    const result = await host.runTool('get_task_status', { task_id: 'no-such-task-0000' });
    expect(result.isError).toBe(true);
    const state = await host.until(settled);
    const error = (result._meta as Record<string, { message: string; suggestion?: string }>)[ERROR_META_KEY];
    expect(state.phase).toBe('failed');
    expect(state.failure?.message).toBe(error?.message);
    expect(state.failure?.advice).toBe(error?.suggestion);
    expect(textOf(result)).toContain(error?.message);
  });
});
