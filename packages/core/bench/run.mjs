/**
 * TripoKit's benchmarks, run on the built dist: `pnpm --filter @tripokit/core bench` (or `node bench/run.mjs`
 * in packages/core after a build; `pnpm bench` at the root runs every package's). Every number is compared with a
 * baseline measured in the same run; headline results go out as BENCH_RESULT lines (bench/protocol.mjs at the
 * repository root). TRIPOKIT_BENCH_SMOKE=1 runs every part at a tiny size in a few seconds (the tests do).
 *
 * Options: --tasks N[,N…] (default 1000,10: the thousand waiters, then a few where the client's caps barely
 * bind; the first is the headline and the memory run's size), --seed S (default 1), --rps R (the client's
 * maxRequestsPerSecond while waiting, default 10), --modes per-task,batched (the client's polling modes to run
 * beside the fixed 2 s baseline; default both), --window MS (the batched mode's batchPolling.windowMs; default
 * the client's), --download-mb M (the download benchmark's file size, default 600), --download-runs N
 * (default 3), --only waiting|one-task|memory|overhead|download.
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { report, round, smokeMode } from '../../../bench/protocol.mjs';
import { benchDownload, formatDownload } from './download.mjs';
import { benchMemory, formatMemory } from './memory.mjs';
import { benchOneTask, formatOneTask } from './one-task.mjs';
import { benchOverhead, formatOverhead } from './overhead.mjs';
import { benchWaiting, formatWaiting, WAIT_MODES } from './waiting.mjs';

const smoke = smokeMode();
// `pnpm run bench -- --tasks 10` passes the `--` through; it separates nothing here.
const args = process.argv.slice(2);
const { values } = parseArgs({
  args: args[0] === '--' ? args.slice(1) : args,
  options: {
    tasks: { type: 'string', default: smoke ? '20' : '1000,10' },
    seed: { type: 'string', default: '1' },
    rps: { type: 'string', default: '10' },
    modes: { type: 'string', default: Object.keys(WAIT_MODES).join(',') },
    window: { type: 'string' },
    'download-mb': { type: 'string', default: smoke ? '8' : '600' },
    'download-runs': { type: 'string', default: smoke ? '1' : '3' },
    only: { type: 'string' },
  },
});
const taskCounts = values.tasks.split(',').map(Number);
const seed = Number(values.seed);
const maxRequestsPerSecond = Number(values.rps);
const modes = values.modes.split(',');
const batchWindowMs = values.window === undefined ? undefined : Number(values.window);
const only = values.only;
const downloadMegabytes = Number(values['download-mb']);
const downloadRounds = Number(values['download-runs']);
/** The warm-up download the big one is measured against: 64 MiB, or a quarter of a small smoke file. */
const warmupMegabytes = Math.min(64, Math.max(1, Math.floor(downloadMegabytes / 4)));
const ONLY = ['waiting', 'one-task', 'memory', 'overhead', 'download'];
if (
  taskCounts.some((n) => !Number.isInteger(n) || n < 1) ||
  modes.some((mode) => !Object.hasOwn(WAIT_MODES, mode)) ||
  (batchWindowMs !== undefined && !(batchWindowMs >= 0)) ||
  !Number.isInteger(seed) ||
  !(maxRequestsPerSecond >= 0.01) ||
  !(Number.isInteger(downloadMegabytes) && downloadMegabytes > warmupMegabytes) ||
  !(Number.isInteger(downloadRounds) && downloadRounds >= 1) ||
  (only !== undefined && !ONLY.includes(only))
) {
  console.error(
    `usage: node bench/run.mjs [--tasks N[,N…]] [--seed S] [--rps R] [--modes per-task,batched] [--window MS] [--download-mb M] [--download-runs N] [--only ${ONLY.join('|')}]`,
  );
  process.exit(2);
}
const runs = (part) => only === undefined || only === part;

console.log(
  `TripoKit benchmarks: Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})${smoke ? ', SMOKE sizes' : ''}\n`,
);
const started = performance.now();

if (runs('waiting')) {
  for (const [i, tasks] of taskCounts.entries()) {
    const result = await benchWaiting({ tasks, seed, maxRequestsPerSecond, modes, batchWindowMs });
    console.log(formatWaiting(result));
    console.log('');
    const batched = result.runs.find((r) => r.name === WAIT_MODES.batched.name);
    if (i > 0 || batched === undefined) continue;
    const count = tasks.toLocaleString('en-US');
    report({
      name: 'wait-concurrent-requests',
      title: `${count} concurrent waits: requests sent (v3 default, batched)`,
      unit: 'requests',
      value: batched.requests,
      baseline: { label: 'fixed 2 s polling', value: result.baseline.requests },
      better: 'lower',
      detail: {
        tasks,
        lagMedianS: { tripokit: batched.lagMedianS, baseline: result.baseline.lagMedianS },
        lagP95S: { tripokit: batched.lagP95S, baseline: result.baseline.lagP95S },
        finishS: { tripokit: batched.finishS, baseline: result.baseline.finishS },
      },
    });
    report({
      name: 'wait-concurrent-rate',
      title: `${count} concurrent waits: peak requests in any second (v3 default, batched)`,
      unit: 'requests/s',
      value: batched.peakPerSecond,
      baseline: { label: 'fixed 2 s polling', value: result.baseline.peakPerSecond },
      better: 'lower',
      goal: `<= ${maxRequestsPerSecond}/s (the client's cap)`,
      met: batched.peakPerSecond <= maxRequestsPerSecond,
      detail: { tasks, peakInFlight: batched.peakInFlight },
    });
  }
}

if (runs('one-task')) {
  const result = await benchOneTask({ seeds: smoke ? 1 : 10 });
  console.log(formatOneTask(result));
  console.log('');
  const { batched, fixed: baseline, perTask } = result;
  report({
    name: 'wait-one-task-reads',
    title: `Task reads while waiting for a 90 s v3 task (worst of ${batched.runs} waits)`,
    unit: 'reads',
    value: batched.readsMax,
    baseline: { label: 'fixed 2 s polling', value: baseline.readsMax },
    better: 'lower',
    goal: '<= 16 reads',
    met: batched.readsMax <= 16,
    detail: {
      mean: round(batched.readsMean),
      perTaskMax: perTask.readsMax,
      baselineMean: round(baseline.readsMean),
    },
  });
  report({
    name: 'wait-one-task-detection',
    title: `Completion-detection delay for a 90 s v3 task (worst of ${batched.runs} waits)`,
    unit: 's',
    value: round(batched.detectionMaxS, 3),
    baseline: { label: 'fixed 2 s polling', value: round(baseline.detectionMaxS, 3) },
    better: 'lower',
    goal: '<= 1 s',
    met: batched.detectionMaxS <= 1,
    detail: {
      medianS: round(batched.detectionMedianS, 3),
      perTaskMaxS: round(perTask.detectionMaxS, 3),
      baselineMedianS: round(baseline.detectionMedianS, 3),
    },
  });
}

if (runs('memory')) {
  const result = await benchMemory({ tasks: taskCounts[0], seed });
  console.log(formatMemory(result));
  console.log('');
  const { batched, fixed: baseline } = result.modes;
  report({
    name: 'wait-concurrent-rss',
    title: `${taskCounts[0].toLocaleString('en-US')} concurrent waits: peak RSS growth (v3 default, batched)`,
    unit: 'MiB',
    value: round(batched.rssGrowthMiB, 1),
    baseline: { label: 'fixed 2 s polling', value: round(baseline.rssGrowthMiB, 1) },
    better: 'lower',
    detail: {
      heapHeldMiB: { tripokit: round(batched.heapHeldMiB), baseline: round(baseline.heapHeldMiB) },
      perTaskRssGrowthMiB: round(result.modes['per-task'].rssGrowthMiB, 1),
    },
  });
}

if (runs('overhead')) {
  const result = await benchOverhead(
    smoke
      ? {
          loopback: { warmup: 20, rounds: 2, perRound: 10 },
          inMemory: { warmup: 50, rounds: 2, perRound: 50 },
        }
      : undefined,
  );
  console.log(formatOverhead(result));
  console.log('');
  report({
    name: 'gettask-overhead',
    title: 'client.getTask over loopback HTTP, per call',
    unit: 'µs',
    value: round(result.loopback.clientUs, 1),
    baseline: { label: 'raw fetch + JSON.parse', value: round(result.loopback.rawUs, 1) },
    ratio: round(result.loopback.ratio),
    better: 'lower',
    detail: {
      inMemoryRatio: round(result.inMemory.ratio),
      inMemoryExtraUs: round(result.inMemory.extraUs, 1),
    },
  });
}

if (runs('download')) {
  const result = await benchDownload({
    megabytes: downloadMegabytes,
    rounds: downloadRounds,
    warmupMegabytes,
  });
  console.log(formatDownload(result));
  console.log('');
  report({
    name: 'download-rss',
    title: `downloadTaskOutput of ${downloadMegabytes} MiB: RSS growth`,
    unit: 'MiB',
    value: round(result.tripokit.growthMiB, 1),
    baseline: { label: 'raw stream copy', value: round(result.raw.growthMiB, 1) },
    ratio: round(result.growthRatio),
    better: 'lower',
    detail: {
      overWarmupMiB: {
        tripokit: round(result.tripokit.overWarmupMiB, 1),
        raw: round(result.raw.overWarmupMiB, 1),
      },
    },
  });
  report({
    name: 'download-throughput',
    title: `downloadTaskOutput of ${downloadMegabytes} MiB: throughput`,
    unit: 'MiB/s',
    value: round(result.tripokit.mbPerS, 1),
    baseline: { label: 'raw stream copy', value: round(result.raw.mbPerS, 1) },
    ratio: round(result.speedRatio),
    better: 'higher',
  });
}
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
