import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listToolsOverStdio } from './stdio-list-tools.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-mcp-compile-cache-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Every file under `root`, recursively. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function startBin(extraEnv: Record<string, string>, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, CLI], {
    env: {
      PATH: process.env.PATH,
      TRIPO_API_KEY: 'tsk_compile_cache_test',
      TRIPOKIT_OUTPUT_DIR: path.join(dir, 'models'),
      ...extraEnv,
    },
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  return { child, stderr: () => stderr };
}

/** Sends initialize, initialized and tools/list, as a client does first; resolves with the number of tools. */
const listTools = async (child: ChildProcessWithoutNullStreams) =>
  (await listToolsOverStdio(child)).tools.length;

const exitOf = (child: ChildProcessWithoutNullStreams) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );

describe('the code cache of the tripokit-mcp bin', () => {
  // MCP clients usually stop a stdio server with a signal, and a start that dies by it writes nothing unless
  // the bin writes its cache itself; the next start must then use it.
  it('is written when a client ends the stdio server with SIGTERM, and the next start uses it', async () => {
    const env = { NODE_COMPILE_CACHE: path.join(dir, 'cache'), NODE_DEBUG: 'tripokit' };
    const first = startBin(env);
    expect(await listTools(first.child)).toBeGreaterThan(0);
    const exited = exitOf(first.child);
    first.child.kill('SIGTERM');
    expect((await exited).signal).toBe('SIGTERM');
    expect(first.stderr()).toMatch(/code cache not used/);
    expect((await filesUnder(env.NODE_COMPILE_CACHE)).some((f) => f.endsWith('.v8cache'))).toBe(true);

    const second = startBin(env);
    expect(await listTools(second.child)).toBeGreaterThan(0);
    const secondExit = exitOf(second.child);
    second.child.stdin.end();
    expect((await secondExit).code).toBe(0);
    expect(second.stderr()).toMatch(/code cache used/);
  });

  it('is neither read nor written with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const cache = path.join(dir, 'disabled-cache');
    const run = startBin({ NODE_COMPILE_CACHE: cache, NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(await listTools(run.child)).toBeGreaterThan(0);
    const exited = exitOf(run.child);
    run.child.stdin.end();
    expect((await exited).code).toBe(0);
    expect(await filesUnder(cache)).toEqual([]);
  });
});

// The stdio start-up must not pay for what only --http, Redis sharing or a download use. Checked on the
// built-in modules the process loaded (deterministic, unlike a timing): the HTTP stack needs node:http and
// node:http2, ioredis node:tls and node:dns, downloads node:crypto and node:dns/promises.
describe('a stdio start-up of the tripokit-mcp bin', () => {
  it('loads none of the HTTP, Redis or download built-ins up to tools/list', async () => {
    const listFile = path.join(dir, 'loaded.json');
    const preload = path.join(dir, 'record-loaded.cjs');
    await writeFile(
      preload,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(listFile)}, JSON.stringify(process.moduleLoadList)));\n`,
    );
    const run = startBin({}, ['--require', preload]);
    expect(await listTools(run.child)).toBeGreaterThan(0);
    const exited = exitOf(run.child);
    run.child.stdin.end();
    expect((await exited).code).toBe(0);
    const loaded = new Set(
      (JSON.parse(await readFile(listFile, 'utf8')) as string[])
        .filter((m) => m.startsWith('NativeModule '))
        .map((m) => m.slice('NativeModule '.length)),
    );
    expect(loaded.has('net')).toBe(true); // the check sees what stdio itself loads
    for (const unwanted of ['http', 'http2', 'https', 'tls', 'dns', 'dns/promises', 'crypto', 'zlib']) {
      expect(loaded.has(unwanted), unwanted).toBe(false);
    }
  });

  // zod compiles a parser from a string for each object schema on its first parse (unless jitless), and a V8
  // code cache cannot hold code made from strings: each start would compile it again.
  it('compiles no code from strings up to tools/list', async () => {
    const countFile = path.join(dir, 'compiled.json');
    const preload = path.join(dir, 'count-function.cjs');
    await writeFile(
      preload,
      `let made = 0;
globalThis.Function = new Proxy(Function, { construct: (target, args) => { made++; return Reflect.construct(target, args); } });
process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(countFile)}, String(made)));\n`,
    );
    const run = startBin({}, ['--require', preload]);
    expect(await listTools(run.child)).toBeGreaterThan(0);
    const exited = exitOf(run.child);
    run.child.stdin.end();
    expect((await exited).code).toBe(0);
    expect(Number(await readFile(countFile, 'utf8'))).toBe(0);
  });

  // One character above U+00FF makes V8 hold the whole 700 KB source as a two-byte string, slower to decode from
  // UTF-8 and to check against the code cache.
  it('runs a bundle of ASCII characters only', async () => {
    const source = await readFile(path.join(path.dirname(CLI), 'cli-main.cjs'), 'utf8');
    expect(source.match(/[\u0080-\uffff]/g) ?? []).toEqual([]);
  });
});
