/**
 * Waiting at scale: N tasks created at once in the simulator, then waited on concurrently, once by one
 * `TripoClient.waitForTask` each and once by the fixed 2 s poller. Virtual time (FakeClock), seeded
 * randomness: the request counts are the same on every run.
 */
import { TripoClient } from '@tripokit/core';
import { FakeClock, TripoSimulator } from '@tripokit/testing';
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
  return {
    name,
    requests,
    perTask: requests / tasks.length,
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

function tripoKitWaits({ clock, sim, fetch, apiKey, taskIds, known, maxRequestsPerSecond }) {
  const client = new TripoClient({
    apiKey,
    baseUrl: sim.apiBase('v3'),
    clock,
    fetch,
    env: {},
    maxRequestsPerSecond,
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

/**
 * Runs both scenarios on the same planned tasks and returns their measurements. `maxRequestsPerSecond` is
 * the client's cap (its default, 10, unless given).
 */
export async function benchWaiting({ tasks: count, seed, maxRequestsPerSecond = 10 }) {
  const plans = planTasks(count, seed);
  const baseline = await measure('fixed 2 s polling', plans, fixedIntervalWaits);
  const tripokit = await withSeededMathRandom(seed, () =>
    measure('TripoKit waitForTask', plans, tripoKitWaits, { maxRequestsPerSecond }),
  );
  return { count, seed, maxRequestsPerSecond, baseline, tripokit };
}

/** The waiting results as a table plus ratios. */
export function formatWaiting({ count, seed, maxRequestsPerSecond, baseline, tripokit }) {
  const rows = [
    ['', baseline.name, tripokit.name, 'ratio (TripoKit / baseline)'],
    [
      'requests sent',
      baseline.requests,
      tripokit.requests,
      `${fixed(tripokit.requests / baseline.requests, 3)}x`,
    ],
    ['requests per task', fixed(baseline.perTask), fixed(tripokit.perTask), ''],
    ['peak requests in flight', baseline.peakInFlight, tripokit.peakInFlight, ''],
    ['peak requests per second', baseline.peakPerSecond, tripokit.peakPerSecond, ''],
    [
      'virtual time to finish (s)',
      fixed(baseline.finishS),
      fixed(tripokit.finishS),
      `${fixed(tripokit.finishS / baseline.finishS, 2)}x`,
    ],
    ['lag after a task ends: median (s)', fixed(baseline.lagMedianS), fixed(tripokit.lagMedianS), ''],
    ['lag after a task ends: p95 (s)', fixed(baseline.lagP95S), fixed(tripokit.lagP95S), ''],
    ['lag after a task ends: max (s)', fixed(baseline.lagMaxS), fixed(tripokit.lagMaxS), ''],
    ['wall-clock time of the run (ms)', Math.round(baseline.wallMs), Math.round(tripokit.wallMs), ''],
  ];
  return [
    `Waiting at scale: ${count} tasks created at once (queued 0–10 s, running 30–120 s; seed ${seed}), virtual time`,
    `(last task ends at ${fixed(baseline.lastTaskDoneS)} s). TripoKit's caps: ${maxRequestsPerSecond} requests/s, 8 in flight.`,
    '',
    table(rows),
    '',
    `TripoKit sends ${fixed(tripokit.requests / baseline.requests, 2)}x the requests of fixed 2 s polling; ` +
      `peak in flight ${tripokit.peakInFlight} vs ${baseline.peakInFlight}; ` +
      `peak ${tripokit.peakPerSecond} vs ${baseline.peakPerSecond} requests/s; ` +
      `median lag ${fixed(tripokit.lagMedianS)} s vs ${fixed(baseline.lagMedianS)} s; ` +
      `all done after ${fixed(tripokit.finishS)} s vs ${fixed(baseline.finishS)} s.`,
  ].join('\n');
}
