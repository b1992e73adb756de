import { spawn } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listenHttp } from '@tripokit/testing/listen';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type DownloadDeps,
  type DownloadOptions,
  downloadTaskOutput,
  type Task,
  TripoClient,
  TripoError,
} from '../src/index.js';

const TASK = 'hostile-dl-1';
const GLB = Buffer.concat([Buffer.from('glTF'), Buffer.from([2, 0, 0, 0, 64, 0, 0, 0]), Buffer.alloc(52)]);
const OTHER_GLB = Buffer.concat([GLB.subarray(0, 12), Buffer.alloc(52, 9)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)]);

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server that records every request it gets. */
async function startHost(handler: Handler) {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    handler(req, res);
  });
  const origin = await listenHttp(server, 0, '127.0.0.1');
  open.push(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { origin, host: new URL(origin).host, hits };
}

function serve(body: Buffer | string, type = 'application/octet-stream'): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
}

function successTask(model: string): Task {
  return {
    taskId: TASK,
    type: 'text_to_model',
    status: 'success',
    rawStatus: 'success',
    progress: 100,
    output: { model },
  };
}

let open: Array<() => Promise<void>>;
let dir: string;
let fetchCalls: string[];
const spyFetch: DownloadDeps['fetch'] = (url, init) => {
  fetchCalls.push(url);
  return fetch(url, init);
};
beforeEach(async () => {
  open = [];
  fetchCalls = [];
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-hostile-dl-'));
});
afterEach(async () => {
  await Promise.all(open.map((close) => close()));
  await rm(dir, { recursive: true, force: true });
});

function download(link: string, options: Partial<DownloadOptions> = {}, deps: Partial<DownloadDeps> = {}) {
  return downloadTaskOutput({ getTask: async () => successTask(link), fetch: spyFetch, ...deps }, TASK, {
    dir,
    ...options,
  });
}

describe('links to non-public addresses', () => {
  it('are refused before anything is sent: private, loopback, link-local, metadata, IPv6, mapped', async () => {
    const local = await startHost(serve(GLB));
    const port = new URL(local.origin).port;
    for (const link of [
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://10.0.0.1/model.glb',
      'http://172.16.5.4/model.glb',
      'http://192.168.1.1/model.glb',
      'http://[fc00::1]/model.glb',
      'http://[fe80::1]/model.glb',
      'http://[::1]/model.glb',
      `http://127.0.0.1:${port}/model.glb`,
      `http://[::ffff:127.0.0.1]:${port}/model.glb`,
      `http://localhost:${port}/model.glb`,
      `http://2130706433:${port}/model.glb`,
    ]) {
      const error = await download(link).catch((e: unknown) => e);
      expect(error, link).toBeInstanceOf(TripoError);
      expect(error, link).toMatchObject({ code: 'download', retryable: false });
      expect((error as TripoError).message, link).toMatch(/non-public/);
      expect((error as TripoError).suggestion).toContain('TRIPOKIT_ALLOW_PRIVATE_DOWNLOADS');
    }
    expect(fetchCalls).toEqual([]);
    expect(local.hits).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('are judged by what a name resolves to, not only by the literal', async () => {
    const resolveHost = async () => ['93.184.216.34', '10.0.0.7'];
    const error = await download('https://cdn.example.com/model.glb', {}, { resolveHost }).catch(
      (e: unknown) => e,
    );
    expect((error as TripoError).message).toContain('resolves to the non-public address 10.0.0.7');
    expect(fetchCalls).toEqual([]);
  });

  it('are refused as redirect targets too: each hop is checked before it is followed', async () => {
    const secret = await startHost(serve('the instance credentials'));
    const hops: Record<string, string> = {
      '/to-loopback': `${secret.origin}/secret`,
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/relative': '/model.glb',
      '/loop': '/loop',
    };
    const files = await startHost((req, res) => {
      const to = hops[req.url ?? ''];
      if (to) {
        res.writeHead(302, { location: to });
        return res.end();
      }
      serve(GLB)(req, res);
    });
    const allow = { allowPrivateDownloads: [files.host] };
    for (const hop of ['/to-loopback', '/to-metadata']) {
      const error = await download(`${files.origin}${hop}`, allow).catch((e: unknown) => e);
      expect((error as TripoError).message, hop).toMatch(
        /redirects to a link that points to the non-public address/,
      );
    }
    expect(secret.hits).toEqual([]);
    const loop = await download(`${files.origin}/loop`, allow).catch((e: unknown) => e);
    expect((loop as TripoError).message).toContain('redirects more than 5 times');
    const saved = await download(`${files.origin}/relative`, allow);
    expect(await readFile(saved.path)).toEqual(GLB);
  });

  it('are reached when allowed: any, listed hosts, the environment, and the client API host without asking', async () => {
    const files = await startHost(serve(GLB, 'model/gltf-binary'));
    const link = `${files.origin}/model.glb`;
    await expect(download(link, { allowPrivateDownloads: true })).resolves.toMatchObject({
      bytes: GLB.length,
    });
    await expect(download(link, { allowPrivateDownloads: [files.host] })).resolves.toMatchObject({
      bytes: GLB.length,
    });
    await expect(download(link, { allowPrivateDownloads: ['127.0.0.1:1'] })).rejects.toMatchObject({
      code: 'download',
    });

    // A v3 API on loopback whose task links to its own host, or to another loopback port.
    let modelUrl = '';
    const api = await startHost((req, res) => {
      if (req.url?.startsWith('/files/')) return serve(GLB)(req, res);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 0,
          data: {
            task_id: TASK,
            type: 'text_to_model',
            status: 'success',
            progress: 100,
            output: { model_url: modelUrl },
          },
        }),
      );
    });
    const client = (env: Record<string, string> = {}) =>
      new TripoClient({ apiKey: 'tsk_hostile_download_key', baseUrl: `${api.origin}/v3`, env });
    modelUrl = `${api.origin}/files/model.glb`;
    await expect(client().downloadTaskOutput(TASK, { dir })).resolves.toMatchObject({ bytes: GLB.length });
    modelUrl = link;
    await expect(client().downloadTaskOutput(TASK, { dir })).rejects.toMatchObject({ code: 'download' });
    const allowed = client({ TRIPOKIT_ALLOW_PRIVATE_DOWNLOADS: `example.org, ${files.host}` });
    expect(allowed.settings.allowPrivateDownloads).toEqual(['example.org', files.host]);
    await expect(allowed.downloadTaskOutput(TASK, { dir })).resolves.toMatchObject({ bytes: GLB.length });
    expect(client({ TRIPOKIT_ALLOW_PRIVATE_DOWNLOADS: 'true' }).settings.allowPrivateDownloads).toBe(true);
  });
});

describe('files a download leaves or meets in the folder', () => {
  it('removes the .part file of a download whose process was killed, on the next download there', async () => {
    const stalling = await startHost((_req, res) => {
      res.writeHead(200, { 'content-length': String(GLB.length * 100) });
      res.write(GLB); // then nothing, until the process downloading it is killed
    });
    const files = await startHost(serve(GLB));
    const dist = new URL('../dist/index.js', import.meta.url).href;
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { downloadTaskOutput } = await import(process.argv[1]);
         const task = { taskId: 'killed', type: 'text_to_model', status: 'success', rawStatus: 'success', progress: 100, output: { model: process.argv[2] } };
         await downloadTaskOutput({ getTask: async () => task, fetch }, 'killed', { dir: process.argv[3], allowPrivateDownloads: true });`,
        dist,
        `${stalling.origin}/model.glb`,
        dir,
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let parts: string[] = [];
    for (let i = 0; i < 200 && parts.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      parts = (await readdir(dir)).filter((name) => name.endsWith('.part'));
    }
    child.kill('SIGKILL');
    await exited;
    expect(parts).toHaveLength(1);
    expect(await readdir(dir)).toEqual(parts);

    // A download of this process still running, and one of an older TripoKit untouched for two hours.
    const live = `.tripokit-${process.pid}-00000000-0000-4000-8000-000000000000.part`;
    const unowned = '.tripokit-11111111-1111-4111-8111-111111111111.part';
    await writeFile(path.join(dir, live), 'still coming');
    await writeFile(path.join(dir, unowned), 'long gone');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(path.join(dir, unowned), twoHoursAgo, twoHoursAgo);

    const saved = await download(`${files.origin}/model.glb`, { allowPrivateDownloads: true });
    expect((await readdir(dir)).sort()).toEqual([live, path.basename(saved.path)].sort());
  });

  it('never replaces an existing file unless told to: same bytes are kept, others get a numbered name', async () => {
    let body = GLB;
    const files = await startHost((req, res) => serve(body)(req, res));
    const link = `${files.origin}/model.glb`;
    const options = { allowPrivateDownloads: true, filename: 'robot.glb' };
    const first = await download(link, options);
    expect(path.basename(first.path)).toBe('robot.glb');
    expect((await download(link, options)).path).toBe(first.path);
    body = OTHER_GLB;
    const second = await download(link, options);
    expect(path.basename(second.path)).toBe('robot-2.glb');
    expect(await readFile(first.path)).toEqual(GLB);
    expect(await readFile(second.path)).toEqual(OTHER_GLB);
    const replaced = await download(link, { ...options, overwrite: true });
    expect(replaced.path).toBe(first.path);
    expect(await readFile(first.path)).toEqual(OTHER_GLB);

    // A link planted under the name is neither followed nor replaced.
    const outside = path.join(await mkdtemp(path.join(tmpdir(), 'tripokit-outside-')), 'victim.glb');
    await writeFile(outside, 'precious');
    await symlink(outside, path.join(dir, 'planted.glb'));
    const planted = await download(link, { ...options, filename: 'planted.glb' });
    expect(path.basename(planted.path)).toBe('planted-2.glb');
    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect((await lstat(path.join(dir, 'planted.glb'))).isSymbolicLink()).toBe(true);
    await rm(path.dirname(outside), { recursive: true, force: true });
  });
});

describe('a body that is not the file its link names', () => {
  it.each([
    [
      'an HTML error page',
      '<!DOCTYPE html><html><body>Access denied</body></html>',
      'text/html',
      /an HTML page/,
    ],
    ['a JSON error', '{"code":403,"message":"expired"}', 'application/json', /a JSON document/],
    ['garbage at a .glb link', Buffer.alloc(64, 3), 'model/gltf-binary', /no GLB data/],
  ])('is never saved: %s', async (_name, body, type, message) => {
    const files = await startHost(serve(body, type));
    const error = await download(`${files.origin}/model.glb`, { allowPrivateDownloads: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'download', retryable: true });
    expect((error as TripoError).message).toMatch(message);
    expect(files.hits).toHaveLength(2); // one fresh link, then it gives up
    expect(await readdir(dir)).toEqual([]);
  });

  it('is saved under its real format when its bytes are definite, whatever the link says', async () => {
    const files = await startHost((req, res) =>
      req.url === '/model.obj'
        ? serve('o tri\nv 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n')(req, res)
        : serve(PNG)(req, res),
    );
    const png = await download(`${files.origin}/model.glb`, { allowPrivateDownloads: true });
    expect(png).toMatchObject({ contentType: 'image/png' });
    expect(png.path).toMatch(/\.png$/);
    const obj = await download(`${files.origin}/model.obj`, { allowPrivateDownloads: true });
    expect(obj.path).toMatch(/\.obj$/);
  });
});
