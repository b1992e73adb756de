import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { codeCacheFile, runWithCodeCache, SAVE_AFTER_MS } from '../src/code-cache.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-mcp-code-cache-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

/** A CommonJS script with some functions to compile, and the content hash a build would write next to it. */
async function script(name: string, answer: number, hash: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(
    file,
    `const double = (n) => n * 2;\nfunction answer() { return double(${answer}); }\nmodule.exports = { answer, dir: __dirname, req: typeof require };\n`,
  );
  await writeFile(`${file}.hash`, `${hash}\n`);
  return file;
}

describe('runWithCodeCache', () => {
  it('runs the script as CommonJS and gives its exports', async () => {
    const file = await script('plain.cjs', 21, 'aaaaaaaaaaaaaaaa');
    const run = runWithCodeCache(file, undefined);
    const exports = run.exports as { answer: () => number; dir: string; req: string };
    expect(exports.answer()).toBe(42);
    expect(exports.dir).toBe(dir);
    expect(exports.req).toBe('function');
    expect(run.cacheUsed).toBe(false);
  });

  it('writes a cache once the run is done, and the next run of the same bytes uses it', async () => {
    const cacheDir = path.join(dir, 'cache-a');
    const file = await script('cached.cjs', 1, 'bbbbbbbbbbbbbbbb');
    const cacheFile = codeCacheFile(file, cacheDir);
    expect(cacheFile).toBe(path.join(cacheDir, 'tripokit-mcp-bbbbbbbbbbbbbbbb.v8cache'));

    vi.useFakeTimers();
    const first = runWithCodeCache(file, cacheFile);
    (first.exports as { answer: () => number }).answer();
    first.saveCacheWhenDone();
    expect(await readdir(cacheDir).catch(() => [])).toEqual([]);
    vi.advanceTimersByTime(SAVE_AFTER_MS);
    expect(await readdir(cacheDir)).toEqual(['tripokit-mcp-bbbbbbbbbbbbbbbb.v8cache']);
    vi.useRealTimers();

    const second = runWithCodeCache(file, cacheFile);
    expect(second.cacheUsed).toBe(true);
    expect((second.exports as { answer: () => number }).answer()).toBe(2);
  });

  it('keys the cache by the content hash: other bytes of the same length never read it', async () => {
    const cacheDir = path.join(dir, 'cache-b');
    const before = await script('changing.cjs', 3, 'cccccccccccccccc');
    vi.useFakeTimers();
    runWithCodeCache(before, codeCacheFile(before, cacheDir)).saveCacheWhenDone();
    vi.advanceTimersByTime(SAVE_AFTER_MS);
    vi.useRealTimers();

    // Same length, other code, as a rebuild writes it (with its new hash).
    const after = await script('changing.cjs', 4, 'dddddddddddddddd');
    const run = runWithCodeCache(after, codeCacheFile(after, cacheDir));
    expect(run.cacheUsed).toBe(false);
    expect((run.exports as { answer: () => number }).answer()).toBe(8);
  });

  it('uses no cache without a content hash or a cache folder', async () => {
    const file = path.join(dir, 'nohash.cjs');
    await writeFile(file, 'module.exports = 1;\n');
    expect(codeCacheFile(file, dir)).toBeUndefined();
    expect(codeCacheFile(await script('x.cjs', 1, 'eeeeeeeeeeeeeeee'), undefined)).toBeUndefined();
  });
});
