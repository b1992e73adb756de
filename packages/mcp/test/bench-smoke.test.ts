import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Smoke only: the benchmark must keep working; its timings are measured by `pnpm bench`, never asserted here.
it('runs the cold-start benchmark through the root `pnpm bench` runner in smoke mode', () => {
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--only', 'mcp'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stderr).toContain('@tripokit/mcp: ok');
  const direct = spawnSync(process.execPath, ['bench/cold-start.mjs', '--json'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    encoding: 'utf8',
    env: { ...process.env, TRIPOKIT_BENCH_SMOKE: '1' },
  });
  expect(direct.status, direct.stderr).toBe(0);
  const result = JSON.parse(direct.stdout);
  expect(result).toMatchObject({ name: 'mcp-cold-start', runs: 1 });
  expect(result.ratio).toBeGreaterThan(0);
});
