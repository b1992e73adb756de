/**
 * Memory of N concurrent waits: each mode in fresh processes (`memory-child.mjs`), the fixed 2 s pollers (the
 * baseline) and `TripoClient.waitForTask` batched (v3 default) and per-task. Twice per mode: once untouched (peak
 * RSS growth, what the process shows), once with a full GC every 10 s of virtual time (the heap the waits hold).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fixed, table } from './stats.mjs';

const CHILD = fileURLToPath(new URL('./memory-child.mjs', import.meta.url));
const run = promisify(execFile);
const MiB = 1024 * 1024;
export const MEMORY_MODES = {
  fixed: 'fixed 2 s polling',
  batched: 'TripoKit batched',
  'per-task': 'TripoKit per-task',
};

async function child(mode, tasks, seed, gc) {
  const { stdout } = await run(
    process.execPath,
    [...(gc ? ['--expose-gc'] : []), CHILD, mode, String(tasks), String(seed)],
    {
      timeout: 600_000,
      maxBuffer: 1024 * 1024,
    },
  );
  return JSON.parse(stdout);
}

/** Runs every mode on the same `tasks` planned tasks. */
export async function benchMemory({ tasks = 1000, seed = 1 } = {}) {
  const modes = {};
  for (const mode of Object.keys(MEMORY_MODES)) {
    const plain = await child(mode, tasks, seed, false);
    const settled = (await child(mode, tasks, seed, true)).settled;
    modes[mode] = {
      name: MEMORY_MODES[mode],
      requests: plain.requests,
      peakPerSecond: plain.peakPerSecond,
      rssGrowthMiB: (plain.rssPeakBytes - plain.rssBeforeBytes) / MiB,
      heapHeldMiB: (settled.heapMaxBytes - settled.heapBeforeBytes) / MiB,
      wallMs: plain.wallMs,
    };
  }
  return { tasks, seed, modes };
}

/** The memory results as a table. */
export function formatMemory({ tasks, seed, modes }) {
  const all = Object.values(modes);
  return [
    `Memory of ${tasks} concurrent waits (the waiting tasks above, seed ${seed}), each mode in fresh processes on a`,
    'fake clock with a minimal in-process API: peak RSS growth untouched (virtual time packs two minutes of',
    'garbage into a second or two: an upper bound), and the heap the waits hold (full GC every 10 s of virtual time).',
    '',
    table([
      ['', ...all.map((m) => m.name)],
      ['requests sent', ...all.map((m) => m.requests)],
      ['peak requests per second', ...all.map((m) => m.peakPerSecond)],
      ['peak RSS growth (MiB)', ...all.map((m) => fixed(m.rssGrowthMiB))],
      ['heap held by the waits (MiB)', ...all.map((m) => fixed(m.heapHeldMiB))],
      ['heap held per wait (KiB)', ...all.map((m) => fixed((m.heapHeldMiB * 1024) / tasks))],
      ['wall-clock time of the run (ms)', ...all.map((m) => Math.round(m.wallMs))],
    ]),
  ].join('\n');
}
