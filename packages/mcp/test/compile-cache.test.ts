import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

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

// MCP clients usually stop a stdio server with a signal, and Node writes its compile cache only on a normal exit:
// the bin must write it itself, or every start compiles the whole bundle again.
it('leaves a compile cache behind when a client ends the stdio server with SIGTERM', async () => {
  const cache = path.join(dir, 'cache');
  const child = spawn(process.execPath, [CLI], {
    env: {
      PATH: process.env.PATH,
      TRIPO_API_KEY: 'tsk_compile_cache_test',
      TRIPOKIT_OUTPUT_DIR: path.join(dir, 'models'),
      NODE_COMPILE_CACHE: cache,
    },
    stdio: 'pipe',
  });
  let stderr = '';
  await new Promise<void>((resolve) => {
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      if (stderr.includes('ready on stdio')) resolve();
    });
    child.on('exit', () => resolve());
  });
  const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.kill('SIGTERM');
  expect(await exited).toBe('SIGTERM');
  expect(stderr).toContain('ready on stdio');
  expect((await filesUnder(cache)).length).toBeGreaterThan(0);
});
