import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type RunningTripoSimulator,
  type StartTripoSimulatorOptions,
  startTripoSimulator,
} from '@tripokit/testing';
import type { BatchSummary, TripoBatch } from '../../src/index.js';

export const API_KEY = 'tsk_batch_test_key_0123456789';

/** A loopback simulator whose tasks take about a second of real time. */
export function startFastSimulator(options: StartTripoSimulatorOptions = {}): Promise<RunningTripoSimulator> {
  return startTripoSimulator({
    apiKey: API_KEY,
    initialBalance: 1_000_000,
    speed: 20,
    timing: { queuedMs: 200, modelMs: 4_000, imageMs: 2_000, quickMs: 1_000 },
    linkTtlMs: Number.POSITIVE_INFINITY,
    ...options,
  });
}

/** Client options pointing at a simulator (no environment read). */
export function clientOptionsFor(sim: RunningTripoSimulator) {
  return { apiKey: API_KEY, baseUrl: sim.apiBase, env: {} };
}

export function tempDir(name: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `tripokit-batch-${name}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Steps after which a job does not move without a person. */
export function unsettled(summary: BatchSummary): number {
  const c = summary.counts;
  return c.queued + c.creating + c.waiting + c.downloading;
}

/** Polls a batch until no job is left to run (or the deadline passes, which fails the test). */
export async function waitUntilSettled(
  batch: TripoBatch,
  batchId: string,
  timeoutMs: number,
  onTick?: (summary: BatchSummary) => void | Promise<void>,
): Promise<BatchSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const summary = await batch.status(batchId);
    if (summary === undefined) throw new Error(`no batch ${batchId}`);
    await onTick?.(summary);
    if (unsettled(summary) === 0) return summary;
    if (Date.now() > deadline)
      throw new Error(`batch not settled in time: ${JSON.stringify(summary.counts)}`);
    await sleep(100);
  }
}

/** How many tasks the simulator created per prompt text. */
export function createsPerPrompt(sim: RunningTripoSimulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of sim.sim.tasks) {
    const prompt = String((task.body as { prompt?: unknown }).prompt ?? '');
    counts.set(prompt, (counts.get(prompt) ?? 0) + 1);
  }
  return counts;
}
