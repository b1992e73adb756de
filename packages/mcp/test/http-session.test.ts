import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type CallToolResult, Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { createTripoMcpHttpHandler, type RunningHttpServer, serveHttp } from '../src/index.js';
import {
  callWithProgress,
  inProcessFetch,
  KEY,
  type ReceivedProgress,
  textOf,
  useMcpHarness,
} from './harness.js';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** What a stateless HTTP connection needs that a long-lived one has by itself. */
describe('stateless Streamable HTTP: what a connection would give', () => {
  const h = useMcpHarness();
  const open: { close(): Promise<void> }[] = [];

  async function httpClient(
    handler: { fetch(request: Request): Promise<Response> },
    era: 'legacy' | 'modern',
    options: ConstructorParameters<typeof Client>[1] = {},
  ): Promise<Client> {
    const client = new Client(
      { name: 'http-session-test', version: '1.0.0' },
      { ...options, ...(era === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {}) },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL('http://127.0.0.1/mcp'), { fetch: inProcessFetch(handler) }),
    );
    open.push(client);
    return client;
  }

  async function closeAll(): Promise<void> {
    for (const item of open.splice(0)) await item.close().catch(() => undefined);
  }

  /** Starts a generation that stays queued, gives up at its first heartbeat, and returns the task id. */
  async function cancelledGeneration(client: Client): Promise<string> {
    const abort = new AbortController();
    let taskId: string | undefined;
    const call = client.callTool(
      { name: 'generate_3d_model', arguments: { prompt: 'a stuck windmill' } },
      {
        signal: abort.signal,
        onprogress: (p) => {
          const meta = (p as ReceivedProgress)._meta?.['tripokit/progress'] as {
            taskId?: string;
            heartbeat?: true;
          };
          taskId ??= meta.taskId;
          if (meta.heartbeat) abort.abort();
        },
      },
    );
    await expect(call).rejects.toThrow(/abort/i);
    expect(taskId).toEqual(expect.any(String));
    return taskId!;
  }

  function pollsOf(taskId: string): number {
    return h.sim.requests.filter(
      (r) => (r.method === 'GET' && r.path.includes(taskId)) || r.path.endsWith('/tasks/list'),
    ).length;
  }

  it('a 2025-era client cancels on a request of its own, and the wait on the other request stops', async () => {
    const handler = createTripoMcpHttpHandler(h.factory);
    open.push(handler);
    const client = await httpClient(handler, 'legacy');
    const taskId = await cancelledGeneration(client);
    await until(() => h.logs.some((line) => line.includes('cancelled by the client')), 'the cancellation');
    expect(h.logs.join('\n')).toContain(`Task ${taskId} goes on at Tripo`);

    const before = pollsOf(taskId);
    h.clock.advance(120_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pollsOf(taskId), 'nobody polls the task any more').toBe(before);
    expect(h.sim.task(taskId)?.status).toBe('queued');
    await closeAll();
  });

  it('cancels nothing when two clients have a call with the same id in flight', async () => {
    const handler = createTripoMcpHttpHandler(h.factory);
    open.push(handler);
    const [first, second] = [await httpClient(handler, 'legacy'), await httpClient(handler, 'legacy')];
    const steady = callWithProgress(second, 'generate_3d_model', { prompt: 'a stuck lighthouse' });
    await until(() => h.sim.tasks.length === 1, 'the second client to start its task');
    // Both clients number their first call alike: the cancellation cannot say whose call it is.
    await cancelledGeneration(first);
    await until(() => h.logs.some((line) => line.includes('none was cancelled')), 'the ambiguity warning');
    expect(h.logs.some((line) => line.includes('cancelled by the client'))).toBe(false);
    for (const task of h.sim.tasks) h.sim.script({ taskId: task.taskId }, { status: 'success' });
    h.clock.advance(60_000);
    const { result } = await steady;
    expect(result.isError, textOf(result)).toBeFalsy();
    await closeAll();
  });

  it('advertises list changes only where it sends them', async () => {
    const handler = createTripoMcpHttpHandler(h.factory);
    open.push(handler);
    const legacyHttp = await httpClient(handler, 'legacy');
    expect(legacyHttp.getServerCapabilities()).toMatchObject({ tools: { listChanged: false } });
    expect(legacyHttp.getServerCapabilities()?.resources?.listChanged).toBeFalsy();

    let modernChanges = 0;
    const modern = await httpClient(handler, 'modern', {
      listChanged: { resources: { onChanged: () => modernChanges++ } },
    });
    expect(modern.getServerCapabilities()).toMatchObject({
      tools: { listChanged: false },
      resources: { listChanged: true },
    });

    let connectionChanges = 0;
    const { client: connected } = await h.connect('legacy', {
      listChanged: { resources: { onChanged: () => connectionChanges++ } },
    });
    expect(connected.getServerCapabilities()).toMatchObject({
      tools: { listChanged: false },
      resources: { listChanged: true },
    });
    const { result } = await callWithProgress(connected, 'generate_3d_model', { prompt: 'a brass bell' });
    expect(result.isError, textOf(result)).toBeFalsy();
    await until(() => connectionChanges > 0, 'resources/list_changed on the connection');

    const viaHttp = (await legacyHttp.callTool({
      name: 'generate_3d_model',
      arguments: { prompt: 'a copper kettle' },
    })) as CallToolResult;
    expect(viaHttp.isError, textOf(viaHttp)).toBeFalsy();
    await until(() => modernChanges > 0, 'resources/list_changed on the 2026-era listen stream');
    await closeAll();
  });

  it('says in its instructions when client roots are not used, and uses them from a client on this machine', async () => {
    const image = path.join(h.outsideDir, 'shared.png');
    await copyFile(h.imagePath, image);
    const roots = [{ uri: pathToFileURL(h.outsideDir).href, name: 'shared' }];
    const rootsOptions = { capabilities: { roots: { listChanged: true } } };
    let asked = 0;
    const withRoots = (client: Client): Client => {
      client.setRequestHandler('roots/list', () => {
        asked++;
        return { roots };
      });
      return client;
    };

    const remote = createTripoMcpHttpHandler(h.factory);
    open.push(remote);
    for (const era of ['legacy', 'modern'] as const) {
      const client = withRoots(await httpClient(remote, era, rootsOptions));
      expect(client.getInstructions()).toContain('client roots are not used');
      const refused = await callWithProgress(client, 'upload_file', { path: image });
      expect(refused.result.isError).toBe(true);
    }
    expect(asked).toBe(0);

    const running: RunningHttpServer = await serveHttp(h.factory, { port: 0 });
    open.push(running);
    const local = new Client(
      { name: 'http-session-test', version: '1.0.0' },
      { ...rootsOptions, versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    withRoots(local);
    await local.connect(new StreamableHTTPClientTransport(new URL(running.url)));
    open.push(local);
    expect(local.getInstructions()).not.toContain('client roots are not used');
    const allowed = await callWithProgress(local, 'upload_file', { path: image });
    expect(allowed.result.isError, textOf(allowed.result)).toBeFalsy();
    expect(asked).toBe(1);
    // A file the configured folders allow needs no roots.
    await callWithProgress(local, 'upload_file', { path: h.imagePath });
    expect(asked).toBe(1);
    expect(JSON.stringify(allowed)).not.toContain(KEY);
    await closeAll();
  });
});
