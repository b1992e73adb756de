// @module-tag node-agnostic (the bench runner is tooling run on the pinned Node 24): scripts/test.sh leaves it out of the Node 22 pass.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasRedisServer } from '@tripokit/testing/redis';
import { afterAll, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), 'tripokit-batch-bench-smoke-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The root runner in smoke mode on this package, writing results.md/json into `out`. */
function smoke(out: string, env: NodeJS.ProcessEnv = process.env) {
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--only', 'batch', '--out', out], {
    cwd: root,
    encoding: 'utf8',
    env,
  });
  return {
    run,
    summary: JSON.parse(run.stdout),
    markdown: readFileSync(path.join(out, 'results.md'), 'utf8'),
  };
}

/** PATH with a `redis-server` first that runs `script` (a hostile stand-in for Debian's). */
function pathWithFakeRedis(name: string, script: string): NodeJS.ProcessEnv {
  const bin = path.join(scratch, name);
  mkdirSync(bin, { recursive: true });
  const fake = path.join(bin, 'redis-server');
  writeFileSync(fake, `#!/bin/sh\n${script}\n`);
  chmodSync(fake, 0o755);
  return { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };
}

// Smoke only: the benchmarks must keep working; their figures are measured by `pnpm bench`, never asserted here.
it.skipIf(!hasRedisServer())(
  'runs the batch engine benchmark through the root `pnpm bench` runner in smoke mode',
  () => {
    const { run, summary, markdown } = smoke(path.join(scratch, 'ok'));
    expect(run.status, run.stderr).toBe(0);
    expect(summary.runs).toEqual([
      { package: '@tripokit/batch', results: ['batch-throughput', 'batch-redis-bytes-per-job'] },
    ]);
    expect(summary.summary).toEqual([
      { name: 'batch-throughput', measured: true },
      { name: 'batch-redis-bytes-per-job', measured: true },
    ]);
    expect(markdown).toContain('(a plain BullMQ job with the same input) |');
  },
  120_000,
);

it('says loudly, at the top of results.md, that the batch bench skipped when redis-server does not work', () => {
  const env = pathWithFakeRedis('broken', 'echo "redis-server: broken on purpose" >&2; exit 1');
  const { run, summary, markdown } = smoke(path.join(scratch, 'skipped'), env);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain('INCOMPLETE');
  expect(summary.runs[0].skipped).toMatch(/no working redis-server on PATH/);
  expect(summary.summary.map((row: { measured: boolean }) => row.measured)).toEqual([false, false]);
  const top = markdown.slice(0, markdown.indexOf('## Summary'));
  expect(top).toMatch(/> \*\*SKIPPED: @tripokit\/batch\*\*.*no working redis-server/);
  expect(markdown).toContain('| Batch engine throughput | not measured: @tripokit/batch skipped');
  expect(markdown).not.toMatch(/```\n\s*```/);
}, 60_000);

it('says loudly that the batch bench failed, with its stderr, when redis-server cannot start', () => {
  const env = pathWithFakeRedis(
    'unstartable',
    'if [ "$1" = --version ]; then echo "Redis server v=7 (fake)"; exit 0; fi\necho "fake redis-server: cannot start" >&2; exit 1',
  );
  const { run, summary, markdown } = smoke(path.join(scratch, 'failed'), env);
  expect(run.status).toBe(1);
  expect(summary.runs[0].problem).toMatch(/^exit 1/);
  expect(summary.summary.map((row: { measured: boolean }) => row.measured)).toEqual([false, false]);
  expect(markdown.slice(0, markdown.indexOf('## Summary'))).toMatch(/> \*\*FAILED: @tripokit\/batch\*\*/);
  expect(markdown).toContain('fake redis-server: cannot start');
  expect(markdown).not.toMatch(/```\n\s*```/);
}, 60_000);
