import { existsSync, readFileSync } from 'node:fs';
import { estimateCredits } from '@tripokit/core';
import type { RunningTripoSimulator } from '@tripokit/testing';
import { hasRedisServer, type RedisServer, startRedisServer } from '@tripokit/testing/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BatchWorker, startBatchWorker, TripoBatch } from '../src/index.js';
import {
  clientOptionsFor,
  createsPerPrompt,
  startFastSimulator,
  tempDir,
  waitUntilSettled,
} from './support/harness.js';

describe.skipIf(!hasRedisServer())('the batch engine in one process', () => {
  let redis: RedisServer;
  let sim: RunningTripoSimulator;
  let batch: TripoBatch;
  let worker: BatchWorker | undefined;
  const out = tempDir('engine');

  beforeAll(async () => {
    redis = await startRedisServer({ name: 'engine' });
  });
  afterAll(async () => {
    await redis?.stop();
    out.remove();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await batch?.close();
    await sim?.close();
    const flush = (await import('../src/redis.js')).connectRedis(redis.url);
    await flush.flushall();
    flush.disconnect();
  });

  async function setUp(simOptions: Parameters<typeof startFastSimulator>[0] = {}) {
    sim = await startFastSimulator(simOptions);
    const options = { redis: redis.url, clientOptions: clientOptionsFor(sim) };
    batch = new TripoBatch(options);
    worker = await startBatchWorker({ ...options, limits: { requestsPerSecond: 50, burst: 10 } });
  }

  it('creates, waits for and downloads every prompt once, and reports a failed task as a failure', async () => {
    await setUp();
    const events: string[] = [];
    await batch.onEvent((event) => events.push(event.type));
    const prompts = Array.from({ length: 12 }, (_, i) => ({ prompt: `a red cube number ${i}` }));
    prompts[5] = { prompt: 'a doomed blue sphere' };
    const { batchId, jobIds } = await batch.enqueue([...prompts, { id: 'named', prompt: 'a green torus' }], {
      outDir: out.dir,
    });
    expect(jobIds).toHaveLength(13);

    const summary = await waitUntilSettled(batch, batchId, 60_000);
    expect(summary.counts).toMatchObject({ succeeded: 12, failed: 1, parked: 0 });
    const jobs = await batch.jobs(batchId);
    const failed = jobs.find((j) => j.step === 'failed')!;
    expect(failed.input.prompt).toContain('doomed');
    expect(failed.error?.code).toBe('server_error');
    expect(failed.taskId).toBeDefined();
    for (const job of jobs.filter((j) => j.step === 'succeeded')) {
      expect(existsSync(job.path!)).toBe(true);
      expect(readFileSync(job.path!).subarray(0, 4).toString()).toBe('glTF');
    }
    expect(jobs.find((j) => j.input.id === 'named')?.path).toMatch(/named\.glb$/);
    expect([...createsPerPrompt(sim).values()].every((n) => n === 1)).toBe(true);
    expect(sim.sim.tasks).toHaveLength(13);
    expect(summary.spent).toBe(sim.sim.tasks.reduce((sum, t) => sum + (t.creditsConsumed ?? 0), 0));
    expect(events).toContain('progress');
    expect(events).toContain('completed');
  });

  it('stops creating when the credit budget is spent, and retry-failed with a larger budget finishes the batch', async () => {
    await setUp();
    const price = estimateCredits({ type: 'text_to_model', prompt: 'x' }).credits!;
    const prompts = Array.from({ length: 5 }, (_, i) => ({ prompt: `a small crate ${i}` }));
    const { batchId } = await batch.enqueue(prompts, { outDir: out.dir, budgetCredits: price * 2.5 });
    let summary = await waitUntilSettled(batch, batchId, 60_000);
    expect(summary.counts).toMatchObject({ succeeded: 2, failed: 3 });
    expect(sim.sim.tasks).toHaveLength(2);
    const refused = (await batch.jobs(batchId)).filter((j) => j.step === 'failed');
    expect(refused.every((j) => j.error?.code === 'budget_exhausted' && j.taskId === undefined)).toBe(true);

    expect(await batch.retryFailed(batchId, { budgetCredits: price * 5 })).toHaveLength(3);
    summary = await waitUntilSettled(batch, batchId, 60_000);
    expect(summary.counts).toMatchObject({ succeeded: 5, failed: 0 });
    expect(summary.spent).toBeLessThanOrEqual(price * 5);
    expect(sim.sim.tasks).toHaveLength(5);
  });

  it('parks a create whose outcome is unknown instead of sending it again, and reconcile attaches the task it made', async () => {
    await setUp();
    sim.sim.fault({ kind: 'reset-after-create', times: 1 });
    const { batchId } = await batch.enqueue(
      [{ prompt: 'a lone yellow pyramid' }, { prompt: 'a pink ring' }],
      {
        outDir: out.dir,
      },
    );
    let summary = await waitUntilSettled(batch, batchId, 60_000);
    expect(summary.counts).toMatchObject({ succeeded: 1, parked: 1 });
    expect(sim.sim.tasks).toHaveLength(2); // the parked create did make its task

    const parked = (await batch.jobs(batchId)).find((j) => j.step === 'parked')!;
    expect(parked.error?.code).toBe('outcome_unknown');
    expect(await batch.reconcile(batchId)).toEqual([
      expect.objectContaining({ jobId: parked.jobId, action: 'left-parked' }),
    ]);
    const made = sim.sim.tasks.find((t) => (t.body as { prompt?: string }).prompt === parked.input.prompt)!;
    expect(await batch.reconcile(batchId, [{ jobId: parked.jobId, attachTaskId: made.taskId }])).toEqual([
      expect.objectContaining({ jobId: parked.jobId, action: 'attached', taskId: made.taskId }),
    ]);
    summary = await waitUntilSettled(batch, batchId, 60_000);
    expect(summary.counts).toMatchObject({ succeeded: 2, parked: 0 });
    expect(sim.sim.tasks).toHaveLength(2);
  });
});
