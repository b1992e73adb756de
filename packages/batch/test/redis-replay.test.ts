import type { RunningTripoSimulator } from '@tripokit/testing';
import { hasRedisServer, type RedisServer, startRedisServer } from '@tripokit/testing/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type BatchWorker, connectRedis, startBatchWorker, TripoBatch } from '../src/index.js';
import { clientOptionsFor, startFastSimulator, tempDir, waitUntilSettled } from './support/harness.js';
import { type ReplyCutter, startReplyCutter } from './support/reply-cutter.js';

/** RESP of the transition script's answer "done, the job is now at `step`". */
function movedTo(step: string): string {
  return `*2\r\n:1\r\n$${step.length}\r\n${step}\r\n`;
}

// A Redis restart can drop a connection after Redis ran a command and before its answer arrived; ioredis then
// sends the command again. A step change of a job must count once, not be refused the second time.
describe.skipIf(!hasRedisServer())('a step change whose answer was lost and that was sent again', () => {
  let redis: RedisServer;
  let sim: RunningTripoSimulator;
  let cutter: ReplyCutter;
  let batch: TripoBatch;
  let worker: BatchWorker | undefined;
  const out = tempDir('replay');

  beforeAll(async () => {
    redis = await startRedisServer({ name: 'replay' });
  });
  afterAll(async () => {
    await redis?.stop();
    out.remove();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await batch?.close();
    await cutter?.close();
    await sim?.close();
    const flush = connectRedis(redis.url);
    await flush.flushall();
    flush.disconnect();
  });

  it.each([
    ['queued → creating', 'creating'],
    ['creating → waiting (the task id recorded)', 'waiting'],
  ])('%s: applied once, and the job goes on to succeed', async (_, step) => {
    sim = await startFastSimulator();
    cutter = await startReplyCutter(redis.port);
    const clientOptions = clientOptionsFor(sim);
    batch = new TripoBatch({ redis: redis.url, clientOptions });
    // Only the worker's connection goes through the proxy: its answer to this step change is lost once.
    worker = await startBatchWorker({ redis: cutter.url, clientOptions });
    cutter.cutAt(movedTo(step));
    const { batchId, jobIds } = await batch.enqueue([{ prompt: 'a replayed red crate' }], {
      outDir: out.dir,
    });

    const summary = await waitUntilSettled(batch, batchId, 60_000);
    expect(cutter.cuts).toBe(1);
    const [job] = await batch.jobs(batchId);
    expect({ step: job?.step, error: job?.error }).toEqual({ step: 'succeeded', error: undefined });
    expect(summary.counts).toMatchObject({ succeeded: 1, creating: 0, waiting: 0, failed: 0, parked: 0 });
    expect(summary.reserved).toBe(0);
    expect(sim.sim.tasks.map((t) => t.taskId)).toEqual([job?.taskId]);
    expect(jobIds).toEqual([job?.jobId]);
  });
});
