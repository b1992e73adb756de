import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@tripokit/testing';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { type CreateTaskRequest, type Task, TripoClient, TripoError } from '../src/index.js';
import { KEY, QUERY_PATH, simulate, useMswServer, VERSIONS } from './client-sim-helpers.js';

const server = useMswServer();

function png(size = 32): Uint8Array {
  return encodePng({ width: size, height: size, pixels: new Uint8Array(size * size * 4).fill(200) });
}

describe.each(VERSIONS)('client against the simulator (%s)', (version) => {
  it('creates, reads and waits for a task; the simulator saw the dialect and the auth header', async () => {
    const { sim, client } = simulate(server, version);
    const { taskId, traceId } = await client.createTask({ type: 'text_to_model', prompt: 'a wooden chair' });
    expect(traceId).toBeTruthy();
    const first = await client.getTask(taskId);
    expect(first).toMatchObject({ taskId, type: 'text_to_model' });
    expect(['queued', 'running']).toContain(first.status);
    const done = await client.waitForTask(taskId);
    expect(done).toMatchObject({ taskId, status: 'success', progress: 100 });
    expect(done.output.model ?? done.output.pbrModel).toMatch(/^http:\/\/tripo\.test\//);
    expect(sim.tasks).toMatchObject([{ taskId, dialect: version, type: 'text_to_model' }]);
    expect(sim.requests.every((r) => r.authPresent && r.dialect === version)).toBe(true);
  });

  it.each([
    ['forbidden', 'banned', 'banned'],
    ['stale', 'expired', 'expired'],
    ['doomed', 'failed', 'failed'],
    ['abandoned', 'cancelled', 'cancelled'],
  ])('a "%s" prompt ends %s', async (word, status) => {
    const { client } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: `a ${word} vase` });
    const task = await client.waitForTask(taskId);
    expect(task.status).toBe(status);
    expect(task.rawStatus).toBe(status);
  });

  if (version === 'v3') {
    it('reads the other v3 form of those ends: failed + 2008 is banned, failed + 2018 (too complex) stays failed', async () => {
      const { client } = simulate(server, version, { sim: { v3: { terminalForm: 'failed-codes' } } });
      const ended = async (prompt: string) =>
        client.waitForTask((await client.createTask({ type: 'text_to_model', prompt })).taskId);
      expect(await ended('a forbidden vase')).toMatchObject({
        status: 'banned',
        rawStatus: 'failed',
        errorCode: 2008,
      });
      expect(await ended('a stale vase')).toMatchObject({
        status: 'failed',
        rawStatus: 'failed',
        errorCode: 2018,
      });
    });
  }

  it('a novel status string reads as unknown with the raw string kept', async () => {
    const { sim, client } = simulate(server, version);
    sim.script(
      { type: 'text_to_image' },
      { status: 'novel', value: 'moderating', queuedMs: 0, runningMs: 0 },
    );
    const { taskId } = await client.createTask({ type: 'text_to_image', prompt: 'a red kite' });
    const task = await client.getTask(taskId);
    expect(task).toMatchObject({ status: 'unknown', rawStatus: 'moderating' });
  });

  it.each(['array', 'map'] as const)(
    'getTasks reads many tasks and reports the unknown ones (v3 list in %s form)',
    async (taskList) => {
      const { client, count } = simulate(server, version, { sim: { v3: { taskList } } });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await client.createTask({ type: 'text_to_image', prompt: `kite ${i}` })).taskId);
      const missing = '00000000-0000-4000-8000-000000000000';
      const batch = await client.getTasks([...ids, missing, ids[0] as string]);
      expect(batch.tasks.map((t: Task) => t.taskId)).toEqual(ids);
      expect(batch.notFound).toEqual([missing]);
      // One batch query on v3, whichever form it answers in; the missing id is not read again.
      if (version === 'v3') expect(count(/\/v3\/tasks\/list$/, 'POST')).toBe(1);
      if (version === 'v3') expect(count(/\/v3\/tasks\/(?!list)/, 'GET')).toBe(0);
      else expect(count(/\/task\/[^/]+$/, 'GET')).toBe(4);
    },
  );

  it('getBalance reads balance and frozen credits', async () => {
    const { sim, client } = simulate(server, version, { sim: { initialBalance: 500 } });
    expect(await client.getBalance()).toEqual({ balance: 500, frozen: 0 });
    await client.createTask({ type: 'text_to_model', prompt: 'a lamp' });
    const after = await client.getBalance();
    expect(after).toEqual(sim.balance);
    expect(after.frozen).toBeGreaterThan(0);
  });

  it('uploads bytes and a file, then uses the token as an image input', async () => {
    const { sim, client } = simulate(server, version);
    const fromBytes = await client.uploadFile(png());
    expect(fromBytes).toMatchObject({ type: 'png', file: { type: 'png', file_token: fromBytes.fileToken } });
    if (version === 'v3') expect(fromBytes.fileToken).toMatch(/^file_/);
    const dir = await mkdtemp(join(tmpdir(), 'tripokit-upload-'));
    try {
      const path = join(dir, 'photo.png');
      await writeFile(path, png(16));
      const fromPath = await client.uploadFile(path);
      expect(fromPath.bytes).toBe(png(16).byteLength);
      const { taskId } = await client.createTask({ type: 'image_to_model', file: fromPath.file });
      expect(sim.task(taskId)?.params).toMatchObject({ file: { file_token: fromPath.fileToken } });
      const byToken = await client.createTask({ type: 'image_to_model', file: fromBytes.fileToken });
      expect(sim.task(byToken.taskId)?.type).toBe('image_to_model');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(sim.requests.filter((r) => /\/(upload\/sts|files)$/.test(r.path))).toHaveLength(2);
  });

  it('refuses oversized and non-image uploads before sending', async () => {
    const { sim, client } = simulate(server, version);
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(png());
    await expect(client.uploadFile(big)).rejects.toMatchObject({ code: 'invalid_request', field: 'file' });
    await expect(
      client.uploadFile(new TextEncoder().encode('hello'), { filename: 'notes.txt' }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/JPEG, PNG and WebP/),
    });
    await expect(client.uploadFile('/definitely/not/here.png')).rejects.toMatchObject({
      code: 'file_access',
    });
    expect(sim.requests).toHaveLength(0);
  });

  it('every task type is accepted by the simulator in this dialect', async () => {
    const { sim, clock, client } = simulate(server, version);
    const run = async (request: CreateTaskRequest, by = client): Promise<string> => {
      const { taskId } = await by.createTask(request);
      const task = await by.waitForTask(taskId);
      expect(task, request.type).toMatchObject({ status: 'success', type: request.type });
      return taskId;
    };
    const image = (await client.uploadFile(png())).file;
    // Tripo refines only Turbo drafts, which v3 no longer makes: on v3 the draft comes from the v2 API.
    const drafter =
      version === 'v3'
        ? new TripoClient({ apiKey: KEY, baseUrl: sim.apiBase('v2'), clock, env: {}, webSocket: false })
        : client;
    const draft = await run(
      { type: 'text_to_model', prompt: 'a draft robot', model_version: 'Turbo-v1.0-20250506' },
      drafter,
    );
    const model = await run({ type: 'image_to_model', file: image, texture_quality: 'detailed' });
    await run({ type: 'refine_model', draft_model_task_id: draft });
    await run({
      type: 'texture_model',
      original_model_task_id: model,
      texture_prompt: { text: 'rusty metal' },
    });
    await run({ type: 'texture_model', original_model_task_id: model, texture_prompt: { image } });
    await run({ type: 'stylize_model', original_model_task_id: model, style: 'lego' });
    await run({ type: 'convert_model', original_model_task_id: model, format: 'FBX', with_animation: false });
    await run({ type: 'animate_prerigcheck', original_model_task_id: model });
    const rig = await run({ type: 'animate_rig', original_model_task_id: model, out_format: 'glb' });
    await run({
      type: 'animate_retarget',
      original_model_task_id: rig,
      animations: ['preset:idle', 'preset:walk'],
    });
    const parts = await run({ type: 'mesh_segmentation', original_model_task_id: model });
    await run({ type: 'mesh_completion', original_model_task_id: parts });
    await run({ type: 'highpoly_to_lowpoly', original_model_task_id: model, face_limit: 4000 });
    await run({ type: 'import_model', file: { object: { bucket: 'tripo-data', key: 'tcli_x/chair.glb' } } });
    await run({ type: 'text_to_image', prompt: 'a paper lantern' });
    await run({ type: 'generate_image', prompt: 'make it blue', file: image });
    const views = await run({ type: 'generate_multiview_image', file: image });
    await run({
      type: 'edit_multiview_image',
      original_task_id: views,
      prompts: [{ view: 'left', prompt: 'add a hat' }],
    });
    await run({ type: 'multiview_to_model', original_task_id: views });
    await run({ type: 'multiview_to_model', files: [image, null, image, null] });
    expect(new Set(sim.tasks.map((t) => t.type)).size).toBe(18);
  });

  it.each(['flat', 'nested'] as const)(
    'reads the four views of a finished multiview image task (v3 %s form)',
    async (multiviewOutput) => {
      const { client } = simulate(server, version, { sim: { v3: { multiviewOutput } } });
      const { taskId } = await client.createTask({
        type: 'generate_multiview_image',
        file: 'https://images.example/red-cube.png',
      });
      const views = (await client.waitForTask(taskId)).output.multiviewImages;
      expect(Object.keys(views ?? {}).sort()).toEqual(['back', 'front', 'left', 'right']);
      for (const url of Object.values(views ?? {})) expect(url).toMatch(/^http:\/\/tripo\.test\//);
    },
  );

  it('waitForTask passes abort through as a typed error', async () => {
    const { client } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'a stuck anvil' });
    const controller = new AbortController();
    const waiting = client.waitForTask(taskId, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'aborted', taskId });
  });
});

describe('getTasks on a deployment whose batch route does not serve (v3)', () => {
  it.each([
    [
      'a JSON 404 with its own code',
      () => HttpResponse.json({ code: 4001, message: 'No route.' }, { status: 404 }),
    ],
    ['a 405', () => new HttpResponse('Method Not Allowed', { status: 405 })],
    ['an answer without a task list', () => HttpResponse.json({ code: 0, data: { items: [] } })],
  ])('reads the tasks one by one after %s', async (_, answer) => {
    const { sim, client, count } = simulate(server, 'v3');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++)
      ids.push((await client.createTask({ type: 'text_to_image', prompt: `kite ${i}` })).taskId);
    server.use(http.post(`${sim.apiBase('v3')}/tasks/list`, answer));
    const missing = '00000000-0000-4000-8000-000000000000';
    const batch = await client.getTasks([...ids, missing]);
    expect(batch.tasks.map((t: Task) => t.taskId)).toEqual(ids);
    expect(batch.notFound).toEqual([missing]);
    expect(count(QUERY_PATH, 'GET')).toBe(3);
  });
});
