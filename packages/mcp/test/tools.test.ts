import { createTripoToolkit, TRIPO_TOOL_NAMES, tripoToolsByName } from '@tripokit/core';
import { comparableSchema } from '@tripokit/testing/conformance';
import { describe, expect, it } from 'vitest';
import { callWithProgress, type Era, KEY, textOf, useMcpHarness } from './harness.js';

describe.each<Era>(['legacy', 'modern'])('the catalogue over the %s era', (era) => {
  const h = useMcpHarness();

  it('lists every tool with its title, description, zod-derived schemas and hints', async () => {
    const { client } = await h.connect(era);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual([...TRIPO_TOOL_NAMES]);
    for (const tool of tools) {
      const definition = createTripoToolkit({ env: {} }).tools.find((t) => t.name === tool.name)!;
      expect(tool.title).toBe(definition.title);
      expect(tool.description).toBe(definition.description);
      expect(comparableSchema(tool.inputSchema)).toEqual(comparableSchema(definition.inputJsonSchema));
      expect(comparableSchema(tool.outputSchema)).toEqual(comparableSchema(definition.outputJsonSchema));
      // Hints equal to the spec's defaults (readOnly false, destructive true, idempotent false, openWorld true)
      // are left out; read with those defaults they say what the definition says.
      const hints = tool.annotations ?? {};
      expect(hints.title).toBe(definition.title);
      expect(hints.readOnlyHint ?? false).toBe(definition.annotations.readOnly);
      expect(hints.idempotentHint ?? false).toBe(definition.annotations.idempotent);
      if (!definition.annotations.readOnly)
        expect(hints.destructiveHint ?? true).toBe(definition.annotations.destructive ?? false);
      expect(hints.openWorldHint ?? true).toBe(definition.annotations.openWorld);
      // What a call costs is in the description (core checks it), not in a custom `_meta` key.
      if (definition.annotations.spendsCredits) expect(tool.description).toMatch(/credits/);
    }
  });

  it('lists only the model names of the dialect in use, and refuses a retired version on v3 before sending', async () => {
    const v2Only = [
      'flux.1_kontext_pro',
      'gpt_image_1.5',
      'gemini_',
      'midjourney',
      'v2.0-20240919',
      'Turbo-v1',
    ];
    const v3Only = ['banana', 'chat_image_2', 'P2-20260801'];
    const listed = async () => JSON.stringify((await (await h.connect(era)).client.listTools()).tools);
    const onV3 = await listed();
    for (const name of v2Only) expect(onV3, name).not.toContain(name);
    for (const name of v3Only) expect(onV3, name).toContain(name);
    const { client } = await h.connect(era);
    const { result } = await callWithProgress(client, 'generate_3d_model', {
      prompt: 'a fox',
      model_version: 'Turbo-v1.0-20250506',
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/model_version.*retired on the v3 API/);
    expect(h.sim.requests).toEqual([]);

    h.configure({ clientOptions: { ...h.options.clientOptions, baseUrl: h.sim.apiBase('v2') } });
    const onV2 = await listed();
    for (const name of v3Only) expect(onV2, name).not.toContain(name);
    for (const name of v2Only) expect(onV2, name).toContain(name);
  });

  it('exposes only the allow-listed tools', async () => {
    const allowed = ['core', 'get_balance'];
    h.configure({ tools: allowed });
    const { client } = await h.connect(era);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(
      createTripoToolkit({ env: {}, tools: allowed }).tools.map((tool) => tool.name),
    );
  });

  it('runs every tool against the simulator with structured content matching its output schema', async () => {
    let { client } = await h.connect(era);
    const called = new Set<string>();
    // biome-ignore lint/suspicious/noExplicitAny: the test reads fields of many output schemas
    const call = async (name: string, args: Record<string, unknown>): Promise<Record<string, any>> => {
      const { result, progress } = await callWithProgress(client, name, args);
      expect(result.isError, `${name}: ${textOf(result)}`).toBeFalsy();
      expect(textOf(result).length).toBeGreaterThan(0);
      const parsed = tripoToolsByName[name as keyof typeof tripoToolsByName].output.safeParse(
        result.structuredContent,
      );
      expect(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(JSON.stringify({ result, progress })).not.toContain(KEY);
      called.add(name);
      return result.structuredContent as Record<string, unknown>;
    };
    const waitDone = async (taskId: string) => {
      const status = await call('wait_for_task', { task_id: taskId });
      expect(status.status).toBe('success');
      return status;
    };

    expect((await call('get_balance', {})).balance).toBe(3000);
    await call('estimate_cost', { requests: [{ type: 'text_to_model' }] });

    const generated = await call('generate_3d_model', { prompt: 'a red wooden chair' });
    expect(generated.status).toBe('success');
    expect(generated.file.path.startsWith(h.outputDir)).toBe(true);

    const text = await call('create_3d_model_from_text', { prompt: 'a blue vase' });
    const model = text.task_id as string;
    await waitDone(model);
    expect((await call('get_task_status', { task_id: model })).status).toBe('success');
    expect((await call('download_model', { task_id: model })).path.startsWith(h.outputDir)).toBe(true);

    await call('create_3d_model_from_image', { image: h.imagePath });
    expect((await call('upload_file', { path: h.imagePath })).file_token).toEqual(expect.any(String));
    const views = await call('generate_multiview_image', { file: h.imagePath });
    await waitDone(views.task_id);
    await call('create_3d_model_from_multiview', { original_task_id: views.task_id });
    await call('generate_image', { prompt: 'a cat made of glass' });
    // Local model files cannot be uploaded yet (core); a model at a URL can be imported.
    await call('import_model', { file: generated.pbr_model_url ?? generated.model_url });

    await call('texture_model', { original_model_task_id: model });
    await call('stylize_model', { original_model_task_id: model, style: 'lego' });
    await call('convert_model', { original_model_task_id: model, format: 'FBX' });
    const segmented = await call('segment_mesh', { original_model_task_id: model });
    await waitDone(segmented.task_id);
    await call('complete_mesh', { original_model_task_id: segmented.task_id });
    await call('smart_lowpoly', { original_model_task_id: model });
    await waitDone((await call('check_riggable', { original_model_task_id: model })).task_id);
    const rig = await call('rig_model', { original_model_task_id: model });
    await waitDone(rig.task_id);
    await call('retarget_animation', { original_model_task_id: rig.task_id, animation: 'preset:walk' });

    const recent = await call('list_recent_tasks', {});
    expect(JSON.stringify(recent)).toContain(model);

    // Tripo refines only Turbo drafts, which v3 no longer makes: refine_model runs on a server for v2.
    h.configure({ clientOptions: { ...h.options.clientOptions, baseUrl: h.sim.apiBase('v2') } });
    ({ client } = await h.connect(era));
    const draft = await call('create_3d_model_from_text', {
      prompt: 'a draft stool',
      model_version: 'Turbo-v1.0-20250506',
    });
    await waitDone(draft.task_id);
    await call('refine_model', { draft_model_task_id: draft.task_id });
    expect([...called].sort()).toEqual([...TRIPO_TOOL_NAMES].sort());
  });
});
