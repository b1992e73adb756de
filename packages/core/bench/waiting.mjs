/**
 * Waiting at scale: N tasks created at once in the simulator, then waited on concurrently: by the fixed 2 s
 * poller (the baseline), and by one `TripoClient.waitForTask` each, in each of the client's polling modes:
 * `per-task` (one `GET /tasks/{id}` per poll, `batchPolling: false`) and `batched` (the polls of all waits
 * share `POST /tasks/list` queries, the v3 default). Virtual time (FakeClock), seeded randomness: the request
 * counts are the same on every run.
 */
import { TripoClient } from '@tripokit/core';
import { FakeClock, TripoSimulator } from '@tripokit/testing';
// Not public API: the bench reports the client's own default.
import { DEFAULT_BATCH_WINDOW_MS } from '../dist/client/options.js';
import { pollEvery2s } from './fixed-interval-poller.mjs';
import { recordingSimFetch, simFetch } from './sim-transport.mjs';
import {
  fixed,
  median,
  peakPerWindow,
  quantile,
  seededRandom,
  table,
  withSeededMathRandom,
} from './stats.mjs';

const API_KEY = 'tsk_bench_key';
/** Generous, so the deadline never decides the result; a time-out would fail the run loudly. */
const WAIT_TIMEOUT_MS = 60 * 60_000;

/**
 * How long each task queues and runs: queued 0–10 s, running 30–120 s (the simulator's default text-to-model
 * is 3 s + 60 s). Drawn from `seed`, so both scenarios face the very same tasks.
 */
export function planTasks(count, seed) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    queuedMs: Math.round(random() * 10_000),
    runningMs: Math.round(30_000 + random() * 90_000),
  }));
}

/** A fresh simulator and clock holding one created task per plan entry, all created at the same instant. */
async function createTasks(plans) {
  const clock = new FakeClock();
  const sim = new TripoSimulator({ clock, apiKey: API_KEY, initialBalance: 1e9, linkTtlMs: Infinity });
  const setup = new TripoClient({
    apiKey: API_KEY,
    baseUrl: sim.apiBase('v3'),
    clock,
    fetch: simFetch(sim),
    env: {},
    maxRequestsPerSecond: 1e6,
    maxConcurrentRequests: 1,
  });
  const t0 = clock.now();
  const tasks = [];
  for (const plan of plans) {
    sim.script({ type: 'text_to_model' }, { status: 'success', ...plan }, { times: 1 });
    const { taskId } = await setup.createTask({ type: 'text_to_model', prompt: 'a red cube' });
    tasks.push({ taskId, doneAt: t0 + plan.queuedMs + plan.runningMs });
  }
  if (clock.now() !== t0 || sim.tasks.some((t) => t.createdAt !== t0)) {
    throw new Error('bench setup: the tasks were not all created at the same virtual instant');
  }
  return { clock, sim, t0, tasks };
}

/**
 * Creates the tasks, then runs `waitAll(context)` (which resolves with one `{ taskId, status }` per task, in
 * order) and measures what it sent and when it knew.
 */
async function measure(name, plans, waitAll, settings) {
  const { clock, sim, t0, tasks } = await createTasks(plans);
  const recorder = recordingSimFetch(sim, clock);
  const wallStart = performance.now();
  const knownAt = new Map();
  const results = await waitAll({
    clock,
    sim,
    fetch: recorder.fetch,
    apiKey: API_KEY,
    taskIds: tasks.map((t) => t.taskId),
    known: (taskId) => knownAt.set(taskId, clock.now()),
    ...settings,
  });
  const wallMs = performance.now() - wallStart;
  const notSucceeded = results.filter((r) => r.status !== 'success');
  if (notSucceeded.length > 0 || knownAt.size !== tasks.length) {
    throw new Error(`${name}: ${notSucceeded.length} tasks did not end in success`);
  }
  const lags = tasks.map((t) => knownAt.get(t.taskId) - t.doneAt);
  if (lags.some((lag) => lag < 0)) throw new Error(`${name}: a task was reported done before it finished`);
  const requests = recorder.starts.length;
  const batches = recorder.batchSizes;
  return {
    name,
    requests,
    perTask: requests / tasks.length,
    taskReads: recorder.taskReads,
    batches: batches.length,
    idsPerBatch: batches.length > 0 ? batches.reduce((a, b) => a + b, 0) / batches.length : Number.NaN,
    maxIdsPerBatch: batches.length > 0 ? Math.max(...batches) : Number.NaN,
    peakInFlight: recorder.peakInFlight,
    peakPerSecond: peakPerWindow(recorder.starts, 1000),
    finishS: (Math.max(...knownAt.values()) - t0) / 1000,
    lastTaskDoneS: (Math.max(...tasks.map((t) => t.doneAt)) - t0) / 1000,
    lagMedianS: median(lags) / 1000,
    lagP95S: quantile(lags, 0.95) / 1000,
    lagMaxS: Math.max(...lags) / 1000,
    wallMs,
  };
}

function tripoKitWaits({ clock, sim, fetch, apiKey, taskIds, known, maxRequestsPerSecond, batchPolling }) {
  const client = new TripoClient({
    apiKey,
    baseUrl: sim.apiBase('v3'),
    clock,
    fetch,
    env: {},
    maxRequestsPerSecond,
    batchPolling,
  });
  return Promise.all(
    taskIds.map(async (taskId) => {
      const task = await client.waitForTask(taskId, { timeoutMs: WAIT_TIMEOUT_MS });
      known(taskId);
      return { taskId, status: task.status };
    }),
  );
}

function fixedIntervalWaits({ clock, sim, fetch, apiKey, taskIds, known }) {
  const deps = { fetch, apiBase: sim.apiBase('v3'), apiKey, clock };
  return Promise.all(
    taskIds.map(async (taskId) => {
      const status = await pollEvery2s(deps, taskId);
      known(taskId);
      return { taskId, status };
    }),
  );
}

/** The client's polling modes the bench can compare; both run by default. */
export const WAIT_MODES = {
  'per-task': { name: 'TripoKit per-task', batchPolling: false },
  batched: { name: 'TripoKit batched', batchPolling: true },
};

/**
 * Runs the baseline and each of `modes` (keys of {@link WAIT_MODES}) on the same planned tasks and returns
 * their measurements. `maxRequestsPerSecond` is the client's cap (its default, 10, unless given);
 * `batchWindowMs` the batched mode's `batchPolling.windowMs` (the client's default unless given). Each client
 * run reseeds `Math.random` (its jitter), so a mode's numbers do not depend on which modes ran before it.
 */
export async function benchWaiting({
  tasks: count,
  seed,
  maxRequestsPerSecond = 10,
  modes = Object.keys(WAIT_MODES),
  batchWindowMs,
}) {
  const plans = planTasks(count, seed);
  const baseline = await measure('fixed 2 s polling', plans, fixedIntervalWaits);
  const runs = [];
  for (const mode of modes) {
    const { name } = WAIT_MODES[mode];
    const batchPolling =
      WAIT_MODES[mode].batchPolling && batchWindowMs !== undefined
        ? { windowMs: batchWindowMs }
        : WAIT_MODES[mode].batchPolling;
    runs.push(
      await withSeededMathRandom(seed, () =>
        measure(name, plans, tripoKitWaits, { maxRequestsPerSecond, batchPolling }),
      ),
    );
  }
  return { count, seed, maxRequestsPerSecond, batchWindowMs, baseline, runs };
}

/** The waiting results as one table, the client's modes beside the baseline, plus ratios. */
export function formatWaiting({ count, seed, maxRequestsPerSecond, batchWindowMs, baseline, runs }) {
  const all = [baseline, ...runs];
  const row = (label, cell) => [label, ...all.map(cell)];
  const vsBaseline = (value) => (r) => (r === baseline ? '' : `${fixed(value(r) / value(baseline), 3)}x`);
  const rows = [
    ['', ...all.map((r) => r.name)],
    row('requests sent', (r) => r.requests),
    row(
      '  vs fixed 2 s polling',
      vsBaseline((r) => r.requests),
    ),
    row('requests per task', (r) => fixed(r.perTask)),
    row('task snapshots read', (r) => r.taskReads),
    row('batch queries: count', (r) => (r.batches > 0 ? r.batches : '')),
    row('batch queries: ids mean / max', (r) =>
      r.batches > 0 ? `${fixed(r.idsPerBatch)} / ${r.maxIdsPerBatch}` : '',
    ),
    row('peak requests in flight', (r) => r.peakInFlight),
    row('peak requests per second', (r) => r.peakPerSecond),
    row('virtual time to finish (s)', (r) => fixed(r.finishS)),
    row(
      '  vs fixed 2 s polling',
      vsBaseline((r) => r.finishS),
    ),
    row('lag after a task ends: median (s)', (r) => fixed(r.lagMedianS)),
    row('lag after a task ends: p95 (s)', (r) => fixed(r.lagP95S)),
    row('lag after a task ends: max (s)', (r) => fixed(r.lagMaxS)),
    row('wall-clock time of the run (ms)', (r) => Math.round(r.wallMs)),
  ];
  const summary = runs.map(
    (r) =>
      `${r.name}: ${fixed(r.requests / baseline.requests, 3)}x the requests of fixed 2 s polling, ` +
      `median lag ${fixed(r.lagMedianS)} s (p95 ${fixed(r.lagP95S)} s) vs ${fixed(baseline.lagMedianS)} s, ` +
      `all known after ${fixed(r.finishS)} s vs ${fixed(baseline.finishS)} s.`,
  );
  return [
    `Waiting at scale: ${count} tasks created at once (queued 0–10 s, running 30–120 s; seed ${seed}), virtual time`,
    `(last task ends at ${fixed(baseline.lastTaskDoneS)} s). TripoKit's caps: ${maxRequestsPerSecond} requests/s, 8 in flight; ` +
      `batch window ${batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS} ms.`,
    '',
    table(rows),
    '',
    ...summary,
  ].join('\n');
}
