import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { listenHttp } from '@tripokit/testing/listen';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTripoToolkit, RecentTasks, type TripoToolkitOptions } from '../src/index.js';

const SECRET = 'SECRET-OUTSIDE-THE-ROOT';
const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A v3 upload API on loopback that keeps every byte uploaded to it (images by form, models by PUT). */
async function startUploadSink() {
  const received: Buffer[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const json = (data: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 0, data }));
      };
      if (req.url === '/v3/files') {
        received.push(body);
        return json({ file_token: 'file_image' });
      }
      if (req.url === '/v3/files/presign')
        return json({ upload_url: `${origin}/put/model`, file_token: 'file_model' });
      if (req.url === '/put/model') {
        received.push(body);
        res.writeHead(200);
        return res.end();
      }
      res.writeHead(404);
      res.end();
    });
  });
  origin = await listenHttp(server, 0, '127.0.0.1');
  return {
    baseUrl: `${origin}/v3`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Swap =
  /** `target` (a file) is replaced by a link to `outside` (a file), then by a fresh copy of `pristine`. */
  | { kind: 'file'; target: string; outside: string; pristine: string }
  /** `target` (a folder) is moved away and a link to `outside` (a folder) put in its place, then moved back. */
  | { kind: 'folder'; target: string; outside: string };

/**
 * In its own thread until told to stop: puts a symbolic link leading outside in place of a checked name and at
 * once the real thing back, then rests a millisecond, so that most checks see the real file and some reads
 * fall in the moment the link is there.
 */
function startSwapper(swap: Swap): { stop(): Promise<number> } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `
    const { renameSync, copyFileSync, symlinkSync, rmSync, unlinkSync } = require('node:fs');
    const { workerData: { flag, swap } } = require('node:worker_threads');
    const { kind, target, outside, pristine } = swap;
    let swaps = 0;
    while (Atomics.load(flag, 0) === 0) {
      if (kind === 'file') {
        rmSync(target + '.link', { force: true });
        symlinkSync(outside, target + '.link');
        renameSync(target + '.link', target);
        copyFileSync(pristine, target + '.copy');
        renameSync(target + '.copy', target);
      } else {
        renameSync(target, target + '.away');
        symlinkSync(outside, target);
        unlinkSync(target);
        renameSync(target + '.away', target);
      }
      swaps++;
      Atomics.wait(flag, 0, 0, 1);
    }
    require('node:worker_threads').parentPort.postMessage(swaps);
    `,
    { eval: true, workerData: { flag, swap } },
  );
  return {
    stop: () =>
      new Promise<number>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        Atomics.store(flag, 0, 1);
      }),
  };
}

let root: string;
let outsideDir: string;
let sink: Awaited<ReturnType<typeof startUploadSink>>;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tripokit-race-root-'));
  outsideDir = await mkdtemp(path.join(tmpdir(), 'tripokit-race-outside-'));
  sink = await startUploadSink();
});
afterAll(async () => {
  await sink.close();
  await rm(root, { recursive: true, force: true });
  await rm(outsideDir, { recursive: true, force: true });
});

const IMAGE = Buffer.concat([PNG_HEAD, Buffer.alloc(64, 1)]);
const MODEL = Buffer.concat([Buffer.from('glTF'), Buffer.alloc(60, 1)]);

describe('a local file, or its folder, swapped for a symbolic link while uploads run', () => {
  it.each([
    ['file', 'image', 'frog.png', IMAGE],
    ['file', 'model', 'cube.glb', MODEL],
    ['folder', 'image', 'frog.png', IMAGE],
  ] as const)(
    'never sends a byte from outside the allowed folder (%s swapped, %s)',
    async (swapped, _kind, name, inside) => {
      const secret = Buffer.concat([inside.subarray(0, 8), Buffer.from(SECRET)]);
      const config: TripoToolkitOptions = {
        clientOptions: {
          apiKey: 'tsk_race_test_key_0001',
          baseUrl: sink.baseUrl,
          env: {},
          maxRetries: 0,
          maxRequestsPerSecond: 10_000,
        },
        env: {},
        allowedInputDirs: [root],
        outputDir: root,
        recentTasks: new RecentTasks(),
      };
      let swap: Swap;
      let input: string;
      if (swapped === 'file') {
        await writeFile(path.join(outsideDir, name), secret);
        await writeFile(path.join(outsideDir, `pristine-${name}`), inside);
        await writeFile(path.join(root, name), inside);
        input = name;
        swap = {
          kind: 'file',
          target: path.join(root, name),
          outside: path.join(outsideDir, name),
          pristine: path.join(outsideDir, `pristine-${name}`),
        };
      } else {
        await mkdir(path.join(root, 'sub'));
        await mkdir(path.join(outsideDir, 'sub'));
        await writeFile(path.join(root, 'sub', name), inside);
        await writeFile(path.join(outsideDir, 'sub', name), secret);
        input = path.join('sub', name);
        swap = { kind: 'folder', target: path.join(root, 'sub'), outside: path.join(outsideDir, 'sub') };
      }
      sink.received.length = 0;
      const swapper = startSwapper(swap);
      const outcomes = { uploaded: 0, refused: 0 };
      const kit = createTripoToolkit(config);
      const started = Date.now();
      try {
        while (Date.now() - started < 3_000) {
          for await (const item of kit.call('upload_file', { path: input })) {
            if (item.type !== 'result') continue;
            if (!item.isError) outcomes.uploaded++;
            else if (item.error.code === 'file_access') outcomes.refused++;
            else throw item.error;
          }
        }
      } finally {
        await swapper.stop();
      }
      const leaked = sink.received.filter((body) => body.includes(SECRET)).length;
      console.log(
        `race (${swapped}) ${name}: ${JSON.stringify(outcomes)}, outside bytes sent ${leaked} times`,
      );
      expect(outcomes.uploaded).toBeGreaterThan(0);
      expect(leaked).toBe(0);
    },
  );
});
