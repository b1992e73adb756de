import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type HugeFileHost, startHugeFileHost } from '@tripokit/testing/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MiB = 1024 * 1024;
const BIG = 600 * MiB;
const WARMUP = 64 * MiB;
const CHILD = fileURLToPath(new URL('../bench/download-child.mjs', import.meta.url));
const run = promisify(execFile);

interface ChildReport {
  bytes: number;
  rssBeforeBytes: number;
  warmupPeakBytes: number;
  peakBytes: number;
  error?: { code?: string; message?: string };
}

let host: HugeFileHost;
let dir: string;
beforeAll(async () => {
  host = await startHugeFileHost();
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-memory-'));
});
afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a 600 MB download', () => {
  it('streams in bounded memory: the process grows by at most 32 MB more than for a 64 MB one', async () => {
    // A fresh process on the built package; a minor GC every 20 ms frees chunks already written, so what
    // remains is what the download still holds. Chunks kept reachable (the old stall watch) survive it.
    const { stdout } = await run(
      process.execPath,
      ['--expose-gc', CHILD, host.url(BIG), host.url(WARMUP), dir, 'tripokit'],
      {
        env: { ...process.env, MINOR_GC_MS: '20' },
        timeout: 170_000,
      },
    );
    const report = JSON.parse(stdout) as ChildReport;
    expect(report.error).toBeUndefined();
    expect(report.bytes).toBe(BIG);
    const growth = report.peakBytes - report.warmupPeakBytes;
    console.log(
      `600 MiB download: RSS +${(growth / MiB).toFixed(1)} MiB over a 64 MiB one (+${((report.peakBytes - report.rssBeforeBytes) / MiB).toFixed(1)} MiB from start)`,
    );
    expect(growth).toBeLessThanOrEqual(32 * MiB);
    expect(await readdir(dir)).toEqual(['memory-task_model.glb']);
  }, 180_000);
});
