// @module-tag node-agnostic (the bench runner is tooling run on the pinned Node 24): scripts/test.sh leaves it out of the Node 22 pass.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

// Smoke only: the benchmarks must keep working; their figures are measured by `pnpm bench`, never asserted here.
it('runs the MCP benchmarks through the root `pnpm bench` runner in smoke mode', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tripokit-mcp-bench-smoke-'));
  try {
    const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--only', 'mcp', '--out', out], {
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
    // Its rows of the summary at the top of bench/results.md.
    expect(summary.summary).toEqual([
      { name: 'mcp-cold-start', measured: true },
      { name: 'mcp-tools-list-bytes', measured: true },
      { name: 'mcp-tools-list-core-bytes', measured: true },
    ]);
    // tools/list sizes against a same-run baseline (zod's plain schemas of the same tools), not the budget.
    const json = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    for (const name of ['mcp-tools-list-bytes', 'mcp-tools-list-core-bytes']) {
      const row = json.summary.find((r: { name: string }) => r.name === name);
      expect(row.baseline.label).toMatch(/z\.toJSONSchema/);
      expect(row.baseline.value).not.toBe(row.detail?.budgetBytes ?? (name.includes('core') ? 8000 : 25000));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 60_000);
