import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { shapeMesh, writeGlb } from '@tripokit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_MODEL_UPLOAD_BYTES } from '../src/client/model-upload.js';
import { TripoError } from '../src/index.js';
import { KEY, simulate, useMswServer } from './client-sim-helpers.js';

const server = useMswServer();

function glb(): Uint8Array {
  return writeGlb(shapeMesh('cube'), { name: 'm', color: [200, 40, 40], metallic: 0, roughness: 1 });
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-model-upload-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('uploadModel (v3 presigned upload)', () => {
  it('presigns, PUTs the bytes without the key, and the token imports the very same model', async () => {
    const { sim, client } = simulate(server, 'v3');
    const file = path.join(dir, 'chair.glb');
    const bytes = glb();
    await writeFile(file, bytes);

    const uploaded = await client.uploadModel(file);
    expect(uploaded).toMatchObject({ type: 'glb', bytes: bytes.byteLength });
    expect(uploaded.file).toEqual({ type: 'glb', file_token: uploaded.fileToken });

    const presign = sim.requests.find((r) => r.path === '/v3/files/presign');
    expect(presign).toMatchObject({ method: 'POST', authPresent: true, status: 200 });
    const put = sim.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toMatch(/^\/uploads\//);
    expect(put).toMatchObject({ authPresent: false, status: 200 });

    const { taskId } = await client.createTask({ type: 'import_model', file: uploaded.file });
    expect((await client.waitForTask(taskId)).status).toBe('success');
    const saved = await client.downloadTaskOutput(taskId, { dir });
    expect(sha256(await readFile(saved.path))).toBe(sha256(bytes));
    expect(JSON.stringify(sim.requests)).not.toContain(KEY);
  });

  it('PUTs the bytes as application/octet-stream, which an upload URL signed for that type requires', async () => {
    // The strict simulator's upload host refuses any other Content-Type with 403 SignatureDoesNotMatch.
    const { sim, client } = simulate(server, 'v3', { sim: { strictV3: true } });
    const uploaded = await client.uploadModel(glb(), { filename: 'stool.glb' });
    expect(sim.requests.find((r) => r.method === 'PUT')).toMatchObject({ status: 200 });
    const { taskId } = await client.createTask({ type: 'import_model', file: uploaded.file });
    expect((await client.waitForTask(taskId)).status).toBe('success');
  });

  it.each(['upload_url', 'presigned_url'])(
    'takes the upload URL when Tripo names it only %s',
    async (kept) => {
      const renamed: typeof fetch = async (input, init) => {
        const response = await fetch(input, init);
        if (!String(input).endsWith('/files/presign')) return response;
        const body = (await response.json()) as { data: Record<string, unknown> };
        const { upload_url, presigned_url, ...data } = body.data;
        const url = kept === 'upload_url' ? upload_url : presigned_url;
        return Response.json({ ...body, data: { ...data, [kept]: url } }, { status: response.status });
      };
      const { sim, client } = simulate(server, 'v3', { client: { fetch: renamed } });
      const uploaded = await client.uploadModel(glb(), { filename: 'lamp.glb' });
      expect(uploaded.type).toBe('glb');
      expect(sim.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    },
  );

  it('recognises the text formats by extension and refuses what is not a model, before sending', async () => {
    const { sim, client } = simulate(server, 'v3');
    const obj = new TextEncoder().encode('v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n');
    expect((await client.uploadModel(obj, { filename: 'tri.obj' })).type).toBe('obj');
    const before = sim.requests.length;
    for (const [bytes, filename] of [
      [new TextEncoder().encode('not a glb'), 'fake.glb'],
      [new TextEncoder().encode('hello'), 'notes.txt'],
      [new Uint8Array(), 'empty.stl'],
    ] as const) {
      const error = (await client.uploadModel(bytes, { filename }).catch((e: unknown) => e)) as TripoError;
      expect(error, filename).toBeInstanceOf(TripoError);
      expect(error.code, filename).toBe('invalid_request');
    }
    expect(MAX_MODEL_UPLOAD_BYTES).toBe(150 * 1024 * 1024);
    expect(sim.requests.length).toBe(before);
  });

  it('reports a refused PUT as a retryable error naming the upload host', async () => {
    const refusing: typeof fetch = async (input, init) =>
      init?.method === 'PUT' ? new Response('AccessDenied', { status: 403 }) : fetch(input, init);
    const { client } = simulate(server, 'v3', { client: { fetch: refusing } });
    const error = (await client
      .uploadModel(glb(), { filename: 'a.glb' })
      .catch((e: unknown) => e)) as TripoError;
    expect(error).toMatchObject({ code: 'server', httpStatus: 403, retryable: true });
    expect(error.message).toContain('tripo.test');
  });

  it('gives up on an upload host that never answers, on the client clock, with a retryable timeout', async () => {
    const stalled: typeof fetch = async (input, init) =>
      init?.method === 'PUT'
        ? new Promise<Response>((_, reject) =>
            init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
          )
        : fetch(input, init);
    const { clock, client } = simulate(server, 'v3', { client: { fetch: stalled, timeoutMs: 5_000 } });
    const started = clock.now();
    const error = (await client
      .uploadModel(glb(), { filename: 'slow.glb' })
      .catch((e: unknown) => e)) as TripoError;
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'timeout', retryable: true });
    expect(error.message).toMatch(/slow\.glb.*tripo\.test/);
    // The budget is the request time-out plus time for the size at 64 KiB/s: a small GLB gets about 5 s.
    expect(clock.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(clock.now() - started).toBeLessThan(10_000);
  });
});

describe('uploadModel on v2', () => {
  it('refuses plainly (v2 takes model files only through S3-signed STS uploads) and sends nothing', async () => {
    const { sim, client } = simulate(server, 'v2');
    const file = path.join(dir, 'chair.glb');
    await writeFile(file, glb());
    const error = (await client.uploadModel(file).catch((e: unknown) => e)) as TripoError;
    expect(error.code).toBe('invalid_request');
    expect(error.message).toMatch(/v3/);
    expect(error.suggestion).toMatch(/URL/);
    expect(sim.requests).toHaveLength(0);
  });
});
