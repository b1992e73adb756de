import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGlb, isPng } from '@tripokit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreateTaskRequest, interpretTask, TripoError } from '../src/index.js';
import { KEY, QUERY_PATH, simulate, useMswServer, VERSIONS } from './client-sim-helpers.js';

const server = useMswServer();

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tripokit-dl-sim-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(VERSIONS)('downloads through the simulator (%s)', (version) => {
  async function finished(s: ReturnType<typeof simulate>, request: CreateTaskRequest): Promise<string> {
    const { taskId } = await s.client.createTask(request);
    await s.client.waitForTask(taskId);
    return taskId;
  }

  it('saves the PBR model with the right digest, atomically, without sending the key', async () => {
    const s = simulate(server, version);
    const taskId = await finished(s, { type: 'text_to_model', prompt: 'a brass teapot', pbr: true });
    const result = await s.client.downloadTaskOutput(taskId, { dir });
    const saved = new Uint8Array(await readFile(result.path));
    expect(result).toMatchObject({
      path: join(dir, `${taskId}_pbr_model.glb`),
      bytes: saved.byteLength,
      contentType: 'model/gltf-binary',
      output: 'pbr_model',
    });
    expect(isGlb(saved)).toBe(true);
    expect(result.sha256).toBe(createHash('sha256').update(saved).digest('hex'));
    expect(await readdir(dir)).toEqual([`${taskId}_pbr_model.glb`]);
    expect(s.sim.fileRequests).toHaveLength(1);
    expect(s.sim.fileRequests.every((r) => !r.authorizationSent && r.status === 200)).toBe(true);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('gets a fresh link after an expired one and still succeeds', async () => {
    const s = simulate(server, version);
    const taskId = await finished(s, { type: 'text_to_model', prompt: 'a clay pot' });
    s.sim.fault({ kind: 'expired-link', taskId });
    const queriesBefore = s.count(QUERY_PATH, 'GET');
    const result = await s.client.downloadTaskOutput(taskId, { dir, output: 'model' });
    expect(isGlb(new Uint8Array(await readFile(result.path)))).toBe(true);
    expect(s.sim.fileRequests.map((r) => r.status)).toEqual([403, 200]);
    expect(s.sim.fileRequests.every((r) => !r.authorizationSent)).toBe(true);
    // One query for the first link, one for the fresh one.
    expect(s.count(QUERY_PATH, 'GET') - queriesBefore).toBe(2);
    expect(await readdir(dir)).toEqual([`${taskId}_model.glb`]);
  });

  it('a truncated body fails with a typed error and leaves no file', async () => {
    const s = simulate(server, version);
    const taskId = await finished(s, { type: 'text_to_model', prompt: 'a glass bottle' });
    s.sim.fault({ kind: 'truncated-download', taskId });
    const error = await s.client.downloadTaskOutput(taskId, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'download', taskId, retryable: true });
    expect(await readdir(dir)).toEqual([]);
    // The next attempt works and is the only file left.
    await s.client.downloadTaskOutput(taskId, { dir });
    expect((await readdir(dir)).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('refuses a name that would escape the folder, before touching the file host', async () => {
    const s = simulate(server, version);
    const taskId = await finished(s, { type: 'text_to_image', prompt: 'a paper lantern' });
    await expect(
      s.client.downloadTaskOutput(taskId, { dir, filename: '../../outside.png' }),
    ).rejects.toMatchObject({ code: 'file_access' });
    expect(s.sim.fileRequests).toHaveLength(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('names files by what they are: images, OBJ, STL, glTF; bytes beat the URL', async () => {
    const s = simulate(server, version);
    const image = await finished(s, { type: 'text_to_image', prompt: 'a red kite' });
    const png = await s.client.downloadTaskOutput(image, { dir });
    expect(png).toMatchObject({ output: 'generated_image', contentType: 'image/png' });
    expect(png.path.endsWith(`${image}_generated_image.png`)).toBe(true);
    expect(isPng(new Uint8Array(await readFile(png.path)))).toBe(true);

    const model = await finished(s, { type: 'text_to_model', prompt: 'a stone bench' });
    const render = await s.client.downloadTaskOutput(model, { dir, output: 'rendered_image' });
    expect(render.path.endsWith('_rendered_image.png')).toBe(true);

    const expected: Array<['OBJ' | 'STL' | 'GLTF' | 'FBX', string]> = [
      ['OBJ', '.obj'],
      ['STL', '.stl'],
      ['GLTF', '.gltf'],
      // The simulator writes GLB bytes under other extensions; the bytes decide.
      ['FBX', '.glb'],
    ];
    for (const [format, ext] of expected) {
      const converted = await finished(s, {
        type: 'convert_model',
        original_model_task_id: model,
        format,
        with_animation: false,
      });
      const file = await s.client.downloadTaskOutput(converted, { dir, filename: `bench-${format}` });
      expect(file.path, format).toBe(join(dir, `bench-${format}${ext}`));
    }
  });

  it('a task that did not succeed gives its advice instead of a file', async () => {
    const s = simulate(server, version);
    const { taskId } = await s.client.createTask({ type: 'text_to_model', prompt: 'a forbidden statue' });
    const task = await s.client.waitForTask(taskId);
    const error = await s.client.downloadTaskOutput(taskId, { dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'download', taskId, suggestion: interpretTask(task).nextStep });
    expect((error as TripoError).message).toMatch(/content policy/);
    expect(s.sim.fileRequests).toHaveLength(0);
  });
});
