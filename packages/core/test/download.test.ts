import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DOWNLOAD_BYTES } from '../src/files/download.js';
import {
  type Clock,
  type DownloadDeps,
  detectFileType,
  downloadTaskOutput,
  type Task,
  TripoClient,
  TripoError,
} from '../src/index.js';

const ID = 'task-dl-1';

function bytes(...parts: Array<string | number[] | Uint8Array>): Uint8Array<ArrayBuffer> {
  const chunks = parts.map((p) =>
    typeof p === 'string' ? new TextEncoder().encode(p) : p instanceof Uint8Array ? p : Uint8Array.from(p),
  );
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function u32(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
}

const GLB = bytes('glTF', u32(2), u32(64), new Uint8Array(52));
const FBX = bytes('Kaydara FBX Binary  \0', [0x1a, 0x00], u32(7400), new Uint8Array(40));
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], new Uint8Array(40));
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], new Uint8Array(40));
const WEBP = bytes('RIFF', u32(40), 'WEBPVP8 ', new Uint8Array(32));
function zipWith(firstEntry: string, more = ''): Uint8Array {
  const name = new TextEncoder().encode(firstEntry);
  return bytes('PK', [3, 4], new Uint8Array(22), [name.length, 0, 0, 0], name, more, new Uint8Array(16));
}
const BINARY_STL = bytes('solid but actually binary'.padEnd(80, ' '), u32(2), new Uint8Array(100));
const ASCII_STL = bytes('solid cube\n facet normal 0 0 1\n  outer loop\n');
const OBJ = bytes('# made by Tripo\nmtllib model.mtl\nv 0 0 0\nv 1 0 0\nf 1 2 3\n');
const GLTF_JSON = bytes('{"asset":{"version":"2.0"},"scenes":[]}');
const GZIP = bytes([0x1f, 0x8b, 0x08, 0x00], new Uint8Array(20));

describe('detectFileType', () => {
  it.each([
    ['GLB magic', GLB, 'https://f.test/a/file', '.glb', 'model/gltf-binary'],
    ['FBX binary', FBX, 'https://f.test/a/file', '.fbx', 'application/octet-stream'],
    [
      'ASCII FBX',
      bytes('; FBX 7.4.0 project file\n'),
      'https://f.test/x',
      '.fbx',
      'application/octet-stream',
    ],
    ['PNG', PNG, 'https://f.test/render', '.png', 'image/png'],
    ['JPEG', JPEG, 'https://f.test/render', '.jpg', 'image/jpeg'],
    ['WEBP', WEBP, 'https://f.test/render', '.webp', 'image/webp'],
    ['USDZ (zip holding a .usdc)', zipWith('model.usdc'), 'https://f.test/m', '.usdz', 'model/vnd.usdz+zip'],
    [
      '3MF (zip with 3D/3dmodel.model)',
      zipWith('[Content_Types].xml', '3D/3dmodel.model'),
      'https://f.test/m',
      '.3mf',
      'model/3mf',
    ],
    ['plain zip', zipWith('textures/a.png'), 'https://f.test/m', '.zip', 'application/zip'],
    [
      'zip named .3mf by its URL',
      zipWith('[Content_Types].xml'),
      'https://f.test/m.3mf?sig=1',
      '.3mf',
      'model/3mf',
    ],
    ['binary STL (size matches)', BINARY_STL, 'https://f.test/m', '.stl', 'model/stl'],
    ['ASCII STL', ASCII_STL, 'https://f.test/m', '.stl', 'model/stl'],
    ['OBJ text', OBJ, 'https://f.test/m', '.obj', 'model/obj'],
    ['glTF JSON', GLTF_JSON, 'https://f.test/m', '.gltf', 'model/gltf+json'],
    ['gzip named .schem by its URL', GZIP, 'https://f.test/m.schem', '.schem', 'application/octet-stream'],
    ['bytes beat a wrong URL extension', PNG, 'https://f.test/model.glb?auth_key=1', '.png', 'image/png'],
    [
      'URL extension when bytes say nothing',
      bytes(new Uint8Array(30)),
      'https://f.test/a/b.GLB',
      '.glb',
      'model/gltf-binary',
    ],
    [
      'unknown bytes, no extension',
      bytes(new Uint8Array(30)),
      'https://f.test/a/b',
      '.bin',
      'application/octet-stream',
    ],
  ])('%s', (_name, head, url, ext, contentType) => {
    expect(detectFileType({ head, totalBytes: head.length, url })).toEqual({ ext, contentType });
  });

  it('falls back to a known Content-Type', () => {
    expect(
      detectFileType({
        head: bytes(new Uint8Array(8)),
        totalBytes: 8,
        url: 'https://f.test/x',
        contentType: 'image/png; q=1',
      }),
    ).toEqual({ ext: '.png', contentType: 'image/png' });
  });
});

interface FetchCall {
  url: string;
  headers: Headers;
}

/** A file host in a function: each URL maps to a handler; every call is recorded. */
function fileHost(routes: Record<string, (call: number) => Response>) {
  const calls: FetchCall[] = [];
  const counts = new Map<string, number>();
  const fetch: DownloadDeps['fetch'] = async (url, init) => {
    calls.push({ url, headers: new Headers(init.headers) });
    const n = (counts.get(url) ?? 0) + 1;
    counts.set(url, n);
    const route = routes[url];
    if (!route) return new Response('no such object', { status: 404 });
    return route(n);
  };
  return { fetch, calls };
}

function ok(body: Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}): Response {
  return new Response(body, { status: 200, headers: { 'content-length': String(body.length), ...headers } });
}

function successTask(output: Task['output'], id = ID): Task {
  return {
    taskId: id,
    type: 'text_to_model',
    status: 'success',
    rawStatus: 'success',
    progress: 100,
    output,
  };
}

/** getTask that hands out a new link generation on every call, like Tripo's re-signed URLs. */
function freshLinks(make: (generation: number) => Task['output'], id = ID) {
  let generation = 0;
  return {
    get calls() {
      return generation;
    },
    getTask: async (taskId: string) => {
      expect(taskId).toBe(id);
      generation += 1;
      return successTask(make(generation), id);
    },
  };
}

const noSleep: Clock & { slept: number[] } = {
  slept: [],
  now: () => 0,
  async sleep(ms: number) {
    this.slept.push(ms);
  },
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tripokit-dl-'));
  noSleep.slept = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('downloadTaskOutput', () => {
  it('downloads the PBR model by default, verified, named by task and output', async () => {
    const links = freshLinks((g) => ({
      model: `https://files.test/${g}/model.glb`,
      pbrModel: `https://files.test/${g}/pbr`,
      renderedImage: `https://files.test/${g}/render.webp`,
    }));
    const host = fileHost({
      'https://files.test/1/pbr': () => ok(GLB, { 'content-type': 'binary/octet-stream' }),
    });
    const result = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
      dir: join(dir, 'out/models'),
    });
    expect(result).toEqual({
      path: join(dir, 'out/models', `${ID}_pbr_model.glb`),
      bytes: GLB.length,
      sha256: sha256(GLB),
      contentType: 'model/gltf-binary',
      output: 'pbr_model',
    });
    expect(new Uint8Array(await readFile(result.path))).toEqual(GLB);
    expect(await readdir(join(dir, 'out/models'))).toEqual([`${ID}_pbr_model.glb`]);
  });

  it('sends only safe headers to the file host', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const host = fileHost({ 'https://files.test/m.glb': () => ok(GLB) });
    await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, { dir });
    expect(host.calls).toHaveLength(1);
    const headers = host.calls[0]?.headers as Headers;
    expect(headers.has('authorization')).toBe(false);
    expect(headers.has('cookie')).toBe(false);
    expect([...headers.keys()]).toEqual(['accept']);
  });

  it('takes the output asked for, and says which exist when it is missing', async () => {
    const links = freshLinks(() => ({
      model: 'https://files.test/m.glb',
      renderedImage: 'https://files.test/r',
    }));
    const host = fileHost({ 'https://files.test/r': () => ok(PNG) });
    const image = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
      dir,
      output: 'rendered_image',
    });
    expect(image.path).toBe(join(dir, `${ID}_rendered_image.png`));
    const error = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
      dir,
      output: 'pbr_model',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_request', field: 'output', taskId: ID });
    expect((error as TripoError).suggestion).toContain('model, rendered_image');
  });

  it('downloads a numbered model and a multiview view', async () => {
    const links = freshLinks(() => ({
      modelUrls: ['https://files.test/a0', 'https://files.test/a1'],
      multiviewImages: { left: 'https://files.test/left' },
    }));
    const host = fileHost({
      'https://files.test/a1': () => ok(FBX),
      'https://files.test/left': () => ok(JPEG),
    });
    const deps = { getTask: links.getTask, fetch: host.fetch };
    expect((await downloadTaskOutput(deps, ID, { dir, output: 'model_1' })).path).toBe(
      join(dir, `${ID}_model_1.fbx`),
    );
    expect((await downloadTaskOutput(deps, ID, { dir, output: 'left_view' })).path).toBe(
      join(dir, `${ID}_left_view.jpg`),
    );
  });

  it('fetches a fresh link and retries once after an expired one (403)', async () => {
    const links = freshLinks((g) => ({ model: `https://files.test/${g}/m.glb` }));
    const host = fileHost({
      'https://files.test/1/m.glb': () => new Response('<Error>Request has expired</Error>', { status: 403 }),
      'https://files.test/2/m.glb': () => ok(GLB),
    });
    const result = await downloadTaskOutput(
      { getTask: links.getTask, fetch: host.fetch, clock: noSleep },
      ID,
      { dir },
    );
    expect(result.sha256).toBe(sha256(GLB));
    expect(links.calls).toBe(2);
    expect(host.calls.map((c) => c.url)).toEqual([
      'https://files.test/1/m.glb',
      'https://files.test/2/m.glb',
    ]);
    expect(noSleep.slept).toEqual([]);
  });

  it('gives up after one retry with a typed error and no file', async () => {
    const links = freshLinks((g) => ({ model: `https://files.test/${g}/m.glb` }));
    const host = fileHost({});
    const error = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, { dir }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'download', httpStatus: 404, taskId: ID, retryable: true });
    expect(host.calls).toHaveLength(2);
    expect(await readdir(dir)).toEqual([]);
  });

  it('pauses on the injected clock before retrying a failing host', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const host = fileHost({
      'https://files.test/m.glb': (n) => (n === 1 ? new Response('busy', { status: 503 }) : ok(GLB)),
    });
    await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch, clock: noSleep }, ID, { dir });
    expect(noSleep.slept).toEqual([1_000]);
  });

  it('does not retry a plain client error', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const host = fileHost({ 'https://files.test/m.glb': () => new Response('bad', { status: 400 }) });
    await expect(
      downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, { dir }),
    ).rejects.toMatchObject({
      code: 'download',
      httpStatus: 400,
      retryable: false,
    });
    expect(host.calls).toHaveLength(1);
  });

  it('a body shorter than Content-Length fails and leaves nothing behind', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const host = fileHost({
      'https://files.test/m.glb': () =>
        new Response(GLB.slice(0, 20), { status: 200, headers: { 'content-length': String(GLB.length) } }),
    });
    const error = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, { dir }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'download', taskId: ID, retryable: true });
    expect((error as TripoError).message).toContain(`20 of ${GLB.length} bytes`);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a body that breaks off mid-stream fails and leaves nothing behind', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const host = fileHost({
      'https://files.test/m.glb': () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(GLB.slice(0, 30));
              controller.error(new TypeError('terminated'));
            },
          }),
          { status: 200 },
        ),
    });
    await expect(
      downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, { dir }),
    ).rejects.toMatchObject({
      code: 'download',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses names that would leave the folder, before downloading', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const host = fileHost({ 'https://files.test/m.glb': () => ok(GLB) });
    for (const filename of ['../evil.glb', 'sub/evil.glb', '..', '/etc/passwd', 'a\\b.glb', '']) {
      const error = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
        dir,
        filename,
      }).catch((e: unknown) => e);
      expect(error, filename).toMatchObject({ code: 'file_access' });
    }
    expect(host.calls).toHaveLength(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a hostile task id inside the folder', async () => {
    const evil = '../../etc/x';
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }), evil);
    const host = fileHost({ 'https://files.test/m.glb': () => ok(GLB) });
    const result = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, evil, { dir });
    expect(result.path.startsWith(`${dir}/`)).toBe(true);
    expect(await readdir(dir)).toEqual(['_.._etc_x_model.glb']);
  });

  it('uses a plain custom name, adding the detected extension when it has none', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m' }));
    const host = fileHost({ 'https://files.test/m': () => ok(FBX) });
    const deps = { getTask: links.getTask, fetch: host.fetch };
    expect((await downloadTaskOutput(deps, ID, { dir, filename: 'robot' })).path).toBe(
      join(dir, 'robot.fbx'),
    );
    expect((await downloadTaskOutput(deps, ID, { dir, filename: 'robot v2.fbx' })).path).toBe(
      join(dir, 'robot v2.fbx'),
    );
  });

  it.each([
    [{ status: 'running' as const, progress: 45 }, /still|nothing to download yet/, true],
    [{ status: 'failed' as const, errorCode: 2010 }, /enough credits/, false],
    [{ status: 'banned' as const }, /content policy/, false],
  ])('a task that has not succeeded gives the interpretation: %o', async (state, pattern, retryable) => {
    const host = fileHost({});
    const error = await downloadTaskOutput(
      {
        getTask: async () => ({ ...successTask({}), rawStatus: state.status, ...state }),
        fetch: host.fetch,
      },
      ID,
      { dir },
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'download', taskId: ID, retryable });
    expect((error as TripoError).message).toContain(state.status);
    expect((error as TripoError).message).toMatch(pattern);
    expect((error as TripoError).suggestion).toBeTruthy();
    expect(host.calls).toHaveLength(0);
  });

  it('gives up on a file host that goes silent, after one fresh try, and saves nothing', async () => {
    const links = freshLinks((g) => ({ model: `https://files.test/${g}/m.glb` }));
    const silent = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(GLB.slice(0, 10)); // then nothing, ever
          },
        }),
        { status: 200, headers: { 'content-length': String(GLB.length) } },
      );
    const host = fileHost({ 'https://files.test/1/m.glb': silent, 'https://files.test/2/m.glb': silent });
    const error = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
      dir,
      stallTimeoutMs: 40,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'download', taskId: ID, retryable: true });
    expect((error as TripoError).message).toContain('sent nothing');
    expect(await readdir(dir)).toEqual([]);
  });

  it('gives up on a file host that never answers', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const never: DownloadDeps['fetch'] = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      );
    const error = await downloadTaskOutput({ getTask: links.getTask, fetch: never, clock: noSleep }, ID, {
      dir,
      stallTimeoutMs: 40,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'download', taskId: ID });
    expect((error as TripoError).message).toContain('sent nothing');
    expect(await readdir(dir)).toEqual([]);
  });

  it('aborting mid-download saves nothing', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const controller = new AbortController();
    const host = fileHost({
      'https://files.test/m.glb': () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(c) {
              c.enqueue(new Uint8Array(1024));
              controller.abort();
              c.error(new DOMException('aborted', 'AbortError'));
            },
          }),
          { status: 200 },
        ),
    });
    await expect(
      downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
        dir,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ code: 'aborted', taskId: ID });
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a file whose Content-Length is over the cap before reading it, and saves nothing', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    let pulled = 0;
    const host = fileHost({
      'https://files.test/m.glb': () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(c) {
              pulled++;
              c.enqueue(new Uint8Array(1024));
            },
          }),
          { status: 200, headers: { 'content-length': String(5 * 1024 ** 3) } },
        ),
    });
    const error = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
      dir,
      maxBytes: 1024 * 1024,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'download', taskId: ID, retryable: false });
    expect((error as TripoError).message).toMatch(/announced 5\.0 GiB .* more than the 1\.0 MiB allowed/);
    expect((error as TripoError).suggestion).toContain('TRIPOKIT_MAX_DOWNLOAD_BYTES');
    expect(pulled).toBeLessThanOrEqual(1);
    expect(host.calls).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('cuts off a body that grows past the cap whatever its Content-Length says, and saves nothing', async () => {
    const links = freshLinks(() => ({ model: 'https://files.test/m.glb' }));
    const endless = (lie?: string) => () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(c) {
            c.enqueue(new Uint8Array(64 * 1024).fill(7));
          },
        }),
        { status: 200, headers: lie === undefined ? {} : { 'content-length': lie } },
      );
    for (const lie of [undefined, '100']) {
      const host = fileHost({ 'https://files.test/m.glb': endless(lie) });
      const error = await downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, {
        dir,
        maxBytes: 1024 * 1024,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'download', retryable: false });
      expect((error as TripoError).message).toContain('more than the 1.0 MiB allowed');
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('takes the cap from TRIPOKIT_MAX_DOWNLOAD_BYTES through the client, and refuses a malformed one', () => {
    const client = (env: Record<string, string>, maxDownloadBytes?: number) =>
      new TripoClient({ apiKey: 'tsk_cap_test_key', env, maxDownloadBytes });
    expect(client({}).settings.maxDownloadBytes).toBe(DEFAULT_MAX_DOWNLOAD_BYTES);
    expect(DEFAULT_MAX_DOWNLOAD_BYTES).toBe(2 * 1024 ** 3);
    expect(client({ TRIPOKIT_MAX_DOWNLOAD_BYTES: '1048576' }).settings.maxDownloadBytes).toBe(1048576);
    expect(client({ TRIPOKIT_MAX_DOWNLOAD_BYTES: '1048576' }, 42).settings.maxDownloadBytes).toBe(42);
    for (const bad of ['2GB', '-1', '0', '1e9']) {
      expect(() => client({ TRIPOKIT_MAX_DOWNLOAD_BYTES: bad })).toThrow(/TRIPOKIT_MAX_DOWNLOAD_BYTES/);
    }
    expect(() => client({}, 0.5)).toThrow(/maxDownloadBytes/);
  });

  it('refuses a link that is not http(s)', async () => {
    const links = freshLinks(() => ({ model: 'file:///etc/passwd' }));
    const host = fileHost({});
    await expect(
      downloadTaskOutput({ getTask: links.getTask, fetch: host.fetch }, ID, { dir }),
    ).rejects.toMatchObject({
      code: 'download',
    });
    expect(host.calls).toHaveLength(0);
  });
});
