/**
 * Memory and speed of `downloadTaskOutput` against a raw stream copy (`pipeline(fetch(url).body → file)`) of
 * the same file from the same loopback host, each in a fresh process (`download-child.mjs`), alternating,
 * with no forced GC: what a user's process would see. Reported per method: throughput, and RSS growth both
 * from the process start and over a smaller warm-up download (what the big file adds); then TripoKit/raw
 * ratios, one per pair of runs, as medians.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startHugeFileHost } from '@tripokit/testing/hostile';
import { fixed, median, table } from './stats.mjs';

const MiB = 1024 * 1024;
const CHILD = fileURLToPath(new URL('./download-child.mjs', import.meta.url));
const run = promisify(execFile);

async function once(mode, urls, dir) {
  await rm(dir, { recursive: true, force: true });
  const { stdout } = await run(process.execPath, [CHILD, urls.big, urls.warmup, dir, mode], {
    timeout: 600_000,
  });
  const report = JSON.parse(stdout);
  if (report.error) throw new Error(`bench: the ${mode} download failed: ${report.error.message}`);
  return {
    mbPerS: report.bytes / MiB / (report.ms / 1000),
    growthMiB: (report.peakBytes - report.rssBeforeBytes) / MiB,
    overWarmupMiB: (report.peakBytes - report.warmupPeakBytes) / MiB,
  };
}

/** Runs `rounds` pairs of downloads of `megabytes` MiB (after a `warmupMegabytes` MiB warm-up each). */
export async function benchDownload({ megabytes = 600, rounds = 3, warmupMegabytes = 64 } = {}) {
  const host = await startHugeFileHost();
  const dir = await mkdtemp(path.join(tmpdir(), 'tripokit-bench-dl-'));
  const urls = { big: host.url(megabytes * MiB), warmup: host.url(warmupMegabytes * MiB) };
  const raw = [];
  const tripokit = [];
  try {
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so neither always meets a warmer disk cache.
      const order = r % 2 === 0 ? ['raw', 'tripokit'] : ['tripokit', 'raw'];
      for (const mode of order) (mode === 'raw' ? raw : tripokit).push(await once(mode, urls, dir));
    }
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
  const summary = (runs) => ({
    mbPerS: median(runs.map((m) => m.mbPerS)),
    growthMiB: median(runs.map((m) => m.growthMiB)),
    maxGrowthMiB: Math.max(...runs.map((m) => m.growthMiB)),
    overWarmupMiB: median(runs.map((m) => m.overWarmupMiB)),
  });
  return {
    megabytes,
    warmupMegabytes,
    rounds,
    raw: summary(raw),
    tripokit: summary(tripokit),
    speedRatio: median(tripokit.map((t, i) => t.mbPerS / raw[i].mbPerS)),
    growthRatio: median(tripokit.map((t, i) => t.growthMiB / raw[i].growthMiB)),
  };
}

/** The download results as a table plus ratios. */
export function formatDownload(result) {
  const row = (name, m) => [
    name,
    fixed(m.mbPerS),
    fixed(m.growthMiB),
    fixed(m.maxGrowthMiB),
    fixed(m.overWarmupMiB),
  ];
  return [
    `Download of ${result.megabytes} MiB from a loopback host, each in a fresh process, ${result.rounds} runs each (medians).`,
    '',
    table([
      [
        'method',
        'MiB/s',
        'RSS growth (MiB)',
        'worst growth (MiB)',
        `growth over a ${result.warmupMegabytes} MiB download (MiB)`,
      ],
      row('raw pipeline(fetch body → file)', result.raw),
      row('downloadTaskOutput (hash, checks, rename)', result.tripokit),
    ]),
    '',
    `downloadTaskOutput runs at ${fixed(result.speedRatio, 2)}x the raw copy's throughput and grows the ` +
      `process ${fixed(result.growthRatio, 2)}x as much (ratios of runs side by side, medians).`,
  ].join('\n');
}
