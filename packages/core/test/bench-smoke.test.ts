// @module-tag node-agnostic (the bench runner is tooling run on the pinned Node 24): scripts/test.sh leaves it out of the Node 22 pass.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Smoke only: the benchmarks must keep working; their figures are measured by `pnpm bench`, never asserted here.
it('runs the core benchmarks (waiting, one task, memory, getTask overhead, download) through the root `pnpm bench` runner in smoke mode', () => {
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--only', 'core'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(run.status, run.stderr).toBe(0);
  const summary = JSON.parse(run.stdout);
  expect(summary.runs).toEqual([
    {
      package: '@tripokit/core',
      results: [
        'wait-concurrent-requests',
        'wait-concurrent-rate',
        'wait-one-task-reads',
        'wait-one-task-detection',
        'wait-concurrent-rss',
        'gettask-overhead',
        'download-rss',
        'download-throughput',
      ],
    },
  ]);
  // Its rows of the summary at the top of bench/results.md.
  expect(summary.summary).toEqual(
    [
      'wait-one-task-reads',
      'wait-one-task-detection',
      'wait-concurrent-rate',
      'wait-concurrent-rss',
      'download-rss',
      'download-throughput',
    ].map((name) => ({ name, measured: true })),
  );
}, 120_000);
