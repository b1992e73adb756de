/**
 * Downloads one file from a loopback file host in a fresh process and prints, as one JSON line, how much the
 * process grew: `{ bytes, ms, rssBeforeBytes, warmupPeakBytes, peakBytes }`. Runs on the built package
 * (`dist`), so nothing of a test runner sits in the measured process.
 *
 * Usage: node download-child.mjs <url> <warmup-url> <dir> <tripokit|raw> [extra download options as JSON]
 * - tripokit: `downloadTaskOutput` of a task whose model is at <url>;
 * - raw: `pipeline(fetch(url).body → file)`, the baseline a download cannot beat.
 *
 * A smaller download from <warmup-url>, the same way, comes first: the big one is measured against it, so
 * that what is reported apart is what the big download adds to the process, not the one-time cost of loading
 * code, starting threads and growing the heap to its working size. With `--expose-gc` and `MINOR_GC_MS=n`
 * set, a minor GC runs every n ms: chunks that are garbage go at once, chunks still referenced stay.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { downloadTaskOutput } from '@tripokit/core';

const [url, warmupUrl, dir, mode, extra] = process.argv.slice(2);
if (!url || !warmupUrl || !dir || (mode !== 'tripokit' && mode !== 'raw')) {
  console.error('usage: node download-child.mjs <url> <warmup-url> <dir> <tripokit|raw> [options-json]');
  process.exit(2);
}

async function viaTripokit(link) {
  const task = {
    taskId: 'memory-task',
    type: 'text_to_model',
    status: 'success',
    rawStatus: 'success',
    progress: 100,
    output: { model: link },
  };
  const result = await downloadTaskOutput(
    { getTask: async () => task, fetch: (input, init) => fetch(input, init) },
    task.taskId,
    // The host is on loopback, like the test's: allowed here, as a test harness may.
    { dir, allowPrivateDownloads: true, ...JSON.parse(extra ?? '{}') },
  );
  return result.bytes;
}

async function viaRawStream(link) {
  const response = await fetch(link);
  let bytes = 0;
  const counted = Readable.fromWeb(response.body).on('data', (chunk) => {
    bytes += chunk.length;
  });
  await pipeline(counted, createWriteStream(join(dir, 'raw.bin')));
  return bytes;
}

const download = mode === 'raw' ? viaRawStream : viaTripokit;
const minorGcMs = Number(process.env.MINOR_GC_MS ?? 0);
let peak = 0;
const sample = () => {
  peak = Math.max(peak, process.memoryUsage.rss());
};
const sampler = setInterval(sample, 10);
const collector =
  minorGcMs > 0 && globalThis.gc
    ? setInterval(() => globalThis.gc({ type: 'minor', execution: 'sync' }), minorGcMs)
    : undefined;

try {
  await mkdir(dir, { recursive: true });
  const rssBeforeBytes = process.memoryUsage.rss();
  await download(warmupUrl);
  sample();
  const warmupPeakBytes = peak;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const started = performance.now();
  const bytes = await download(url);
  const ms = performance.now() - started;
  sample();
  console.log(JSON.stringify({ bytes, ms, rssBeforeBytes, warmupPeakBytes, peakBytes: peak }));
} catch (error) {
  console.log(JSON.stringify({ error: { name: error?.name, code: error?.code, message: error?.message } }));
} finally {
  clearInterval(sampler);
  clearInterval(collector);
}
