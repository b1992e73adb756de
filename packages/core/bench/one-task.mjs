/**
 * Waiting for one task: a 90 s v3 text-to-model task (queued 0, 3 or 10 s, then running the rest), waited on by
 * the fixed 2 s poller (the baseline) and by `TripoClient.waitForTask` (v3 default: batched reads; and per-task),
 * with several seeds. A seed draws the client's jitter and when the wait starts, 0–2 s after the task was created
 * (so the 2 s poller does not always meet the end on the dot). Counts, on the simulator's fake clock, the task
 * reads each wait made (one per GET, one per id in a batch query) and how long after the task ended the wait
 * knew (detection delay).
 */
import { TripoClient } from '@tripokit/core';
import { FakeClock, TripoSimulator } from '@tripokit/testing';
import { pollEvery2s } from './fixed-interval-poller.mjs';
import { recordingSimFetch } from './sim-transport.mjs';
import { fixed, median, seededRandom, table, withSeededMathRandom } from './stats.mjs';

const API_KEY = 'tsk_bench_key';
/** Ways a 90 s task splits between the queue and the run. */
const SPLITS = [
  { queuedMs: 0, runningMs: 90_000 },
  { queuedMs: 3_000, runningMs: 87_000 },
  { queuedMs: 10_000, runningMs: 80_000 },
];

/** One wait, started `startMs` after creating a fresh task; `wait(context)` resolves once the waiter knows it ended. */
async function once(plan, startMs, wait) {
  const clock = new FakeClock();
  const sim = new TripoSimulator({ clock, apiKey: API_KEY, initialBalance: 1e9, linkTtlMs: Infinity });
  const recorder = recordingSimFetch(sim, clock);
  const setup = new TripoClient({
    apiKey: API_KEY,
    baseUrl: sim.apiBase('v3'),
    clock,
    fetch: recorder.fetch,
    env: {},
  });
  sim.script({ type: 'text_to_model' }, { status: 'success', ...plan }, { times: 1 });
  const t0 = clock.now();
  const { taskId } = await setup.createTask({ type: 'text_to_model', prompt: 'a lighthouse' });
  await clock.sleep(startMs);
  const readsBefore = recorder.taskReads;
  const status = await wait({ clock, sim, fetch: recorder.fetch, taskId });
  if (status !== 'success') throw new Error(`bench: the 90 s task ended ${status}`);
  const detectionMs = clock.now() - (t0 + plan.queuedMs + plan.runningMs);
  if (detectionMs < 0) throw new Error('bench: a wait reported the task done before it ended');
  return { reads: recorder.taskReads - readsBefore, detectionMs };
}

const WAITERS = {
  fixed: {
    name: 'fixed 2 s polling',
    wait: ({ clock, sim, fetch, taskId }) =>
      pollEvery2s({ fetch, apiBase: sim.apiBase('v3'), apiKey: API_KEY, clock }, taskId),
  },
  batched: { name: 'TripoKit (v3 default, batched)', batchPolling: true },
  perTask: { name: 'TripoKit per-task', batchPolling: false },
};

function clientWait(batchPolling) {
  return async ({ clock, sim, fetch, taskId }) => {
    const client = new TripoClient({
      apiKey: API_KEY,
      baseUrl: sim.apiBase('v3'),
      clock,
      fetch,
      env: {},
      batchPolling,
    });
    return (await client.waitForTask(taskId, { timeoutMs: 10 * 60_000 })).status;
  };
}

/** Every split × seed for each waiter; per waiter: reads (mean, max) and detection delay (median, max). */
export async function benchOneTask({ seeds = 10 } = {}) {
  const summary = {};
  for (const [key, waiter] of Object.entries(WAITERS)) {
    const wait = waiter.wait ?? clientWait(waiter.batchPolling);
    const runs = [];
    for (const plan of SPLITS) {
      for (let seed = 1; seed <= seeds; seed++) {
        const startMs = Math.floor(seededRandom(seed * 7919)() * 2000);
        runs.push(await withSeededMathRandom(seed, () => once(plan, startMs, wait)));
      }
    }
    const reads = runs.map((r) => r.reads);
    const delays = runs.map((r) => r.detectionMs / 1000);
    summary[key] = {
      name: waiter.name,
      runs: runs.length,
      readsMean: reads.reduce((a, b) => a + b, 0) / reads.length,
      readsMax: Math.max(...reads),
      readsMin: Math.min(...reads),
      detectionMedianS: median(delays),
      detectionMaxS: Math.max(...delays),
    };
  }
  return { seeds, splits: SPLITS.length, ...summary };
}

/** The one-task results as a table. */
export function formatOneTask(result) {
  const all = [result.fixed, result.batched, result.perTask];
  return [
    `One 90 s v3 task (queued 0, 3 or 10 s, then running; ${result.seeds} seeds each: ${all[0].runs} waits per column, each`,
    'starting 0–2 s after the task was created), fake clock.',
    '',
    table([
      ['', ...all.map((r) => r.name)],
      ['task reads: mean', ...all.map((r) => fixed(r.readsMean))],
      ['task reads: min / max', ...all.map((r) => `${r.readsMin} / ${r.readsMax}`)],
      ['detection delay: median (s)', ...all.map((r) => fixed(r.detectionMedianS, 2))],
      ['detection delay: max (s)', ...all.map((r) => fixed(r.detectionMaxS, 2))],
    ]),
  ].join('\n');
}
