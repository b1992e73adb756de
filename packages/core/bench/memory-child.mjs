/**
 * N concurrent waits in a fresh process, on the built package, and how much the process grew while they ran.
 * Prints one JSON line: `{ mode, tasks, requests, taskReads, peakPerSecond, finishS, lagMaxS, rssBeforeBytes,
 * rssPeakBytes, heapPeakBytes, settled: { rssBeforeBytes, rssMaxBytes, heapBeforeBytes, heapMaxBytes }, wallMs }`.
 *
 * Usage: node --expose-gc memory-child.mjs <fixed|batched|per-task> <tasks> <seed>
 * - fixed: one fixed 2 s poller per task (raw fetch + JSON.parse + sleep, no caps), the baseline;
 * - batched / per-task: one `TripoClient.waitForTask` per task on one client with its default caps.
 * Tasks come from `planTasks` (queued 0–10 s, running 30–120 s) and are answered by `fake-api.mjs` on a
 * FakeClock, so two minutes of waiting take a second or two. Two readings of memory, both from the moment the
 * tasks are planned and the client is built:
 * - peak: sampled on every request, no forced GC. Virtual time packs two minutes of garbage into a second, so
 *   this overstates what a real-time process would hold; it is kept as an upper bound;
 * - settled: after a full GC every 10 s of virtual time while the waits run: what the waits themselves hold.
 */
import { TripoClient } from '@tripokit/core';
import { FakeClock } from '@tripokit/testing';
import { fakeTaskApi } from './fake-api.mjs';
import { pollEvery2s } from './fixed-interval-poller.mjs';
import { withSeededMathRandom } from './stats.mjs';
import { planTasks } from './waiting.mjs';

const API_KEY = 'tsk_bench_key';
const API_BASE = 'https://api.tripo.test/v3';
const [mode, tasksArg, seedArg] = process.argv.slice(2);
const count = Number(tasksArg);
const seed = Number(seedArg);
if (!['fixed', 'batched', 'per-task'].includes(mode) || !(count >= 1) || !Number.isInteger(seed)) {
  console.error('usage: node memory-child.mjs <fixed|batched|per-task> <tasks> <seed>');
  process.exit(2);
}

const plans = planTasks(count, seed);
const clock = new FakeClock();
const t0 = clock.now();
let rssPeak = 0;
let heapPeak = 0;
const sample = () => {
  const usage = process.memoryUsage();
  rssPeak = Math.max(rssPeak, usage.rss);
  heapPeak = Math.max(heapPeak, usage.heapUsed);
};
const api = fakeTaskApi({ clock, plans, t0, onRequest: sample });
const ids = plans.map((_, i) => `task-${i}`);
const knownAt = new Array(count);

const client =
  mode === 'fixed'
    ? undefined
    : new TripoClient({
        apiKey: API_KEY,
        baseUrl: API_BASE,
        clock,
        fetch: api.fetch,
        env: {},
        batchPolling: mode === 'batched',
      });
const waitOne =
  mode === 'fixed'
    ? (id) => pollEvery2s({ fetch: api.fetch, apiBase: API_BASE, apiKey: API_KEY, clock }, id)
    : async (id) => (await client.waitForTask(id, { timeoutMs: 60 * 60_000 })).status;

globalThis.gc?.();
const settledBefore = process.memoryUsage();
const settled = { rssMaxBytes: settledBefore.rss, heapMaxBytes: settledBefore.heapUsed };
let done = false;
const settledSampler = (async () => {
  if (!globalThis.gc) return;
  while (!done) {
    await clock.sleep(10_000);
    globalThis.gc();
    const usage = process.memoryUsage();
    settled.rssMaxBytes = Math.max(settled.rssMaxBytes, usage.rss);
    settled.heapMaxBytes = Math.max(settled.heapMaxBytes, usage.heapUsed);
  }
})();
const rssBefore = process.memoryUsage().rss;
rssPeak = rssBefore;
const wallStart = performance.now();
const statuses = await withSeededMathRandom(seed, () =>
  Promise.all(
    ids.map(async (id, i) => {
      const status = await waitOne(id);
      knownAt[i] = clock.now();
      return status;
    }),
  ),
);
const wallMs = performance.now() - wallStart;
sample();
done = true;
await settledSampler;
if (statuses.some((s) => s !== 'success')) throw new Error(`${mode}: a wait did not end in success`);
const lags = plans.map((p, i) => knownAt[i] - (t0 + p.queuedMs + p.runningMs));
console.log(
  JSON.stringify({
    mode,
    tasks: count,
    requests: api.stats.requests,
    taskReads: api.stats.taskReads,
    peakPerSecond: api.stats.peakPerSecond,
    finishS: (Math.max(...knownAt) - t0) / 1000,
    lagMaxS: Math.max(...lags) / 1000,
    rssBeforeBytes: rssBefore,
    rssPeakBytes: rssPeak,
    heapPeakBytes: heapPeak,
    settled: { rssBeforeBytes: settledBefore.rss, heapBeforeBytes: settledBefore.heapUsed, ...settled },
    wallMs,
  }),
);
