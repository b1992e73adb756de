import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Smoke only: the benchmarks must keep working; their figures are measured by `pnpm bench`, never asserted here.
it('runs the MCP benchmarks through the root `pnpm bench` runner in smoke mode', () => {
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--only', 'mcp'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const summary = JSON.parse(run.stdout);
  expect(summary.runs).toEqual([
    {
      package: '@tripokit/mcp',
      results: ['mcp-cold-start', 'mcp-tools-list-bytes', 'mcp-tools-list-core-bytes'],
    },
  ]);
}, 60_000);
