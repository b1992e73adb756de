/**
 * TripoKit's benchmarks, run on the built dist: `pnpm --filter @tripokit/core bench` (or `node bench/run.mjs`
 * in packages/core after a build). Every number is compared with a baseline measured in the same run.
 *
 * Options: --tasks N[,N…] (default 1000,10: the thousand waiters, then a few where the client's caps barely
 * bind), --seed S (default 1), --rps R (the client's maxRequestsPerSecond while waiting, default 10),
 * --modes per-task,batched (the client's polling modes to run beside the fixed 2 s baseline; default both),
 * --window MS (the batched mode's batchPolling.windowMs; default the client's),
 * --download-mb M (the download benchmark's file size, default 600), --download-runs N (default 3),
 * --only waiting|overhead|download.
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { benchDownload, formatDownload } from './download.mjs';
import { benchOverhead, formatOverhead } from './overhead.mjs';
import { benchWaiting, formatWaiting, WAIT_MODES } from './waiting.mjs';

// `pnpm run bench -- --tasks 10` passes the `--` through; it separates nothing here.
const args = process.argv.slice(2);
const { values } = parseArgs({
  args: args[0] === '--' ? args.slice(1) : args,
  options: {
    tasks: { type: 'string', default: '1000,10' },
    seed: { type: 'string', default: '1' },
    rps: { type: 'string', default: '10' },
    modes: { type: 'string', default: Object.keys(WAIT_MODES).join(',') },
    window: { type: 'string' },
    'download-mb': { type: 'string', default: '600' },
    'download-runs': { type: 'string', default: '3' },
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
const ONLY = ['waiting', 'overhead', 'download'];
if (
  taskCounts.some((n) => !Number.isInteger(n) || n < 1) ||
  modes.some((mode) => !Object.hasOwn(WAIT_MODES, mode)) ||
  (batchWindowMs !== undefined && !(batchWindowMs >= 0)) ||
  !Number.isInteger(seed) ||
  !(maxRequestsPerSecond >= 0.01) ||
  !(Number.isInteger(downloadMegabytes) && downloadMegabytes >= 65) ||
  !(Number.isInteger(downloadRounds) && downloadRounds >= 1) ||
  (only !== undefined && !ONLY.includes(only))
) {
  console.error(
    'usage: node bench/run.mjs [--tasks N[,N…]] [--seed S] [--rps R] [--modes per-task,batched] [--window MS] [--download-mb M] [--download-runs N] [--only waiting|overhead|download]',
  );
  process.exit(2);
}

console.log(
  `TripoKit benchmarks: Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`,
);
const started = performance.now();
if (only === undefined || only === 'waiting') {
  for (const tasks of taskCounts) {
    console.log(
      formatWaiting(await benchWaiting({ tasks, seed, maxRequestsPerSecond, modes, batchWindowMs })),
    );
    console.log('');
  }
}
if (only === undefined || only === 'overhead') {
  console.log(formatOverhead(await benchOverhead()));
  console.log('');
}
if (only === undefined || only === 'download') {
  console.log(formatDownload(await benchDownload({ megabytes: downloadMegabytes, rounds: downloadRounds })));
  console.log('');
}
console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
