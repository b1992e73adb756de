import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulate, useMswServer } from './client-sim-helpers.js';

const server = useMswServer();

afterEach(() => {
  vi.restoreAllMocks();
});

/** mulberry32: the jitter source of one run, so every run is the same. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Creates one v3 text-to-model task that queues for `queuedMs` and runs for `runningMs`, waits for it with the
 * client's jitter drawn from `seed`, and counts on the fake clock: task snapshots read (one per GET, one per id
 * in a batch query) and how long after the task ended the wait knew.
 */
async function waitOnce(
  { queuedMs, runningMs }: { queuedMs: number; runningMs: number },
  seed: number,
  batchPolling: boolean,
): Promise<{ reads: number; detectionMs: number }> {
  const { sim, clock, client } = simulate(server, 'v3', { client: { batchPolling } });
  sim.script({ type: 'text_to_model' }, { status: 'success', queuedMs, runningMs }, { times: 1 });
  const createdAt = clock.now();
  const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'a lighthouse' });
  const before = sim.requests.length;
  vi.spyOn(Math, 'random').mockImplementation(seeded(seed));
  const task = await client.waitForTask(taskId, { timeoutMs: 10 * 60_000 });
  vi.restoreAllMocks();
  expect(task.status).toBe('success');
  const reads = sim.requests
    .slice(before)
    .reduce((sum, r) => sum + (r.taskIds?.filter((id) => id === taskId).length ?? 0), 0);
  return { reads, detectionMs: clock.now() - (createdAt + queuedMs + runningMs) };
}

/** A 90 s task, split between the queue and the run in a few ways. */
const NINETY_SECONDS = [
  { queuedMs: 0, runningMs: 90_000 },
  { queuedMs: 3_000, runningMs: 87_000 },
  { queuedMs: 10_000, runningMs: 80_000 },
];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe.each([
  ['batched (v3 default)', true],
  ['per task', false],
])('waiting for a 90 s v3 task, %s', (_mode, batchPolling) => {
  it('reads it at most 16 times and knows it ended within 1 s (fixed 2 s polling: 45 reads, up to 2 s)', async () => {
    const runs: { reads: number; detectionMs: number }[] = [];
    for (const plan of NINETY_SECONDS) {
      for (const seed of SEEDS) runs.push(await waitOnce(plan, seed, batchPolling));
    }
    for (const run of runs) {
      expect(run.detectionMs).toBeGreaterThanOrEqual(0);
      expect(run.detectionMs).toBeLessThanOrEqual(1_000);
      expect(run.reads).toBeLessThanOrEqual(16);
    }
    // The task's own estimate leads: about a dozen reads, not the 45 of a fixed 2 s interval.
    const mean = runs.reduce((sum, r) => sum + r.reads, 0) / runs.length;
    expect(mean).toBeLessThan(14);
  });
});
