import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunningTripoSimulator } from '@tripokit/testing';
import { hasRedisServer, type RedisServer, startRedisServer } from '@tripokit/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';
import { API_KEY, createsPerPrompt, startFastSimulator, tempDir } from './support/harness.js';

describe.skipIf(!hasRedisServer())('the tripokit-batch command', () => {
  let redis: RedisServer;
  let sim: RunningTripoSimulator;
  const work = tempDir('cli');
  let env: Record<string, string>;

  beforeAll(async () => {
    [redis, sim] = await Promise.all([startRedisServer({ name: 'cli' }), startFastSimulator()]);
    env = { TRIPO_API_KEY: API_KEY, TRIPO_BASE_URL: sim.apiBase, TRIPOKIT_REDIS_URL: redis.url };
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), sim?.close()]);
    work.remove();
  });

  it('runs a prompts file with local workers, writes the report, and retry-failed picks up the failure', async () => {
    const file = path.join(work.dir, 'prompts.jsonl');
    writeFileSync(
      file,
      [
        '# assets for level 1',
        JSON.stringify({ id: 'crate', prompt: 'a wooden crate', options: { texture_quality: 'detailed' } }),
        JSON.stringify('a blue barrel'),
        '',
        JSON.stringify({ prompt: 'a doomed lantern' }),
        JSON.stringify({ prompt: 'a green pillar', out: 'props' }),
      ].join('\n'),
    );
    const run = await runCli(
      ['run', file, '--workers', '2', '--out', 'models', '--batch', 'level1'],
      env,
      work.dir,
    );
    expect(run.code).toBe(1); // one prompt failed
    expect(run.stderr).toContain('4/4');
    expect(run.stderr).toMatch(/completed 3 {2}failed 1/);
    expect(run.stdout).toContain('Batch level1: 3 succeeded, 1 failed, 0 parked (of 4)');
    expect(`${run.stdout}${run.stderr}`).not.toContain(API_KEY);

    const report = JSON.parse(
      readFileSync(path.join(work.dir, 'models', 'tripokit-batch-level1.json'), 'utf8'),
    );
    expect(report.counts).toMatchObject({ succeeded: 3, failed: 1 });
    expect(report.jobs.map((j: { step: string }) => j.step)).toEqual([
      'succeeded',
      'succeeded',
      'failed',
      'succeeded',
    ]);
    expect(report.jobs[0].path).toBe(path.join(work.dir, 'models', 'crate.glb'));
    expect(report.jobs[3].path).toBe(path.join(work.dir, 'models', 'props', 'line-0004.glb'));
    expect(report.jobs[2].error.code).toBe('server_error');

    const status = await runCli(['status', 'level1', '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ batchId: 'level1', total: 4, counts: { failed: 1 } });

    // "doomed" fails every time: retried, it is created again (a new task, the old id kept) and fails again.
    const retry = await runCli(['retry-failed', 'level1', '--workers', '1'], env);
    expect(retry.stderr).toContain('1 failed job queued again');
    expect(retry.code).toBe(1);
    const after = JSON.parse(
      readFileSync(path.join(work.dir, 'models', 'tripokit-batch-level1.json'), 'utf8'),
    );
    expect(after.jobs[2].previousTaskIds).toHaveLength(1);
    expect(createsPerPrompt(sim).get('a doomed lantern')).toBe(2);
    expect(createsPerPrompt(sim).get('a wooden crate')).toBe(1);

    const reconcile = await runCli(['reconcile', 'level1'], env);
    expect(reconcile.stdout).toContain('no parked jobs');
  });

  it('refuses a bad prompts file before anything is queued, naming the line', async () => {
    const file = path.join(work.dir, 'bad.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ prompt: 'ok' })}\n${JSON.stringify({ prompt: 'x', options: { face_limit: -3 } })}\n`,
    );
    const run = await runCli(['run', file, '--workers', '0', '--batch', 'bad'], env, work.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Prompt 2');
    expect(run.stderr).toContain('face_limit');
    const status = await runCli(['status', 'bad'], env);
    expect(status.stderr).toContain('No batch "bad"');
  });
});
