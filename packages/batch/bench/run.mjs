// Batch engine benchmark: throughput against one process using core's in-memory scheduler at the same Tripo
// limits, and Redis memory per queued job against a plain BullMQ job carrying the same input. Runs against the
// loopback simulator and a private redis-server (Debian's, on a free loopback port, as the tests start it;
// scripts/ensure-redis.sh installs it when missing, and without one the bench says BENCH_SKIPPED, loudly).
// The headlines (the most workers against one process; bytes per job) go out as BENCH_RESULT lines
// (bench/protocol.mjs at the repository root); TRIPOKIT_BENCH_SMOKE=1 runs a handful of fast tasks with one
// worker (the tests do).
//   pnpm turbo run bench --filter=@tripokit/batch
//   pnpm --filter @tripokit/batch bench --tasks 200 --speed 30 --in-flight 10 --rps 10 --workers 1,2 --memory-jobs 5000
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TripoClient } from '@tripokit/core';
import { startTripoSimulator } from '@tripokit/testing';
import { hasRedisServer, startRedisServer } from '@tripokit/testing/redis';
import { Queue } from 'bullmq';
import { report, round, skip, smokeMode } from '../../../bench/protocol.mjs';
import { connectRedis, TripoBatch } from '../dist/index.js';

const smoke = smokeMode();
const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: smoke ? '6' : '100' },
    speed: { type: 'string', default: smoke ? '60' : '30' },
    'in-flight': { type: 'string', default: '10' },
    rps: { type: 'string', default: '10' },
    workers: { type: 'string', default: smoke ? '1' : '1,2' },
    'memory-jobs': { type: 'string', default: smoke ? '100' : '5000' },
  },
});
const N = Number(values.tasks);
const SPEED = Number(values.speed);
const IN_FLIGHT = Number(values['in-flight']);
const RPS = Number(values.rps);
const WORKERS = values.workers.split(',').map(Number);
const MEMORY_JOBS = Number(values['memory-jobs']);
const API_KEY = 'tsk_bench_key_0123456789';
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

const prompts = (tag) => Array.from({ length: N }, (_, i) => ({ prompt: `a red crate ${tag} ${i}` }));
const perMinute = (ms) => Math.round((N / ms) * 60_000);

async function withSimulator(run) {
  // Tripo's limits: about IN_FLIGHT unfinished tasks per key (beyond it: 429 / 2000).
  const sim = await startTripoSimulator({
    apiKey: API_KEY,
    speed: SPEED,
    concurrencyLimit: IN_FLIGHT,
    initialBalance: 1e9,
  });
  try {
    return await run(sim);
  } finally {
    await sim.close();
  }
}

/** Baseline: one process, one TripoClient (core's in-memory scheduler), IN_FLIGHT lanes of create → wait → download. */
async function baseline(dir) {
  return withSimulator(async (sim) => {
    const client = new TripoClient({
      apiKey: API_KEY,
      baseUrl: sim.apiBase,
      env: {},
      maxRequestsPerSecond: RPS,
    });
    const queue = prompts('baseline');
    const started = performance.now();
    const lane = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const { taskId } = await client.createTask({ type: 'text_to_model', prompt: job.prompt });
        await client.waitForTask(taskId);
        await client.downloadTaskOutput(taskId, { dir });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    const ms = performance.now() - started;
    return { ms, requests: sim.sim.requests.length, tasks: sim.sim.tasks.length, rejected: count429(sim) };
  });
}

function count429(sim) {
  return sim.sim.requests.filter((r) => r.status === 429).length;
}

function startWorker(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'worker'], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (c) => {
      err += c;
      if (err.includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${err}`)));
  });
}

async function batchRun(redisUrl, workers, dir) {
  return withSimulator(async (sim) => {
    const clientOptions = { apiKey: API_KEY, baseUrl: sim.apiBase, env: {} };
    const batch = new TripoBatch({ redis: redisUrl, clientOptions });
    await batch.setLimits({ maxTasksInFlight: IN_FLIGHT, requestsPerSecond: RPS, burst: 5 });
    const env = { TRIPO_API_KEY: API_KEY, TRIPO_BASE_URL: sim.apiBase, TRIPOKIT_REDIS_URL: redisUrl };
    const children = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
    try {
      const started = performance.now();
      const { batchId } = await batch.enqueue(prompts(`w${workers}`), { outDir: dir });
      for (;;) {
        const s = await batch.status(batchId);
        if (s.counts.succeeded + s.counts.failed + s.counts.parked === N) break;
        await sleep(50);
      }
      const ms = performance.now() - started;
      const s = await batch.status(batchId);
      return {
        ms,
        requests: sim.sim.requests.length,
        tasks: sim.sim.tasks.length,
        rejected: count429(sim),
        counts: s.counts,
      };
    } finally {
      await Promise.all(
        children.map(
          (c) =>
            new Promise((r) => {
              c.once('exit', r);
              c.kill('SIGTERM');
            }),
        ),
      );
      await batch.close();
    }
  });
}

/** Redis `used_memory` growth per job when `enqueue` queues MEMORY_JOBS jobs. */
async function memoryPerJob(redis, inputs, enqueue) {
  const used = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))[1]);
  const before = await used();
  await enqueue(inputs);
  return ((await used()) - before) / inputs.length;
}

/**
 * Bytes of Redis memory per queued job: the engine's (BullMQ job + the engine's job record, through
 * `TripoBatch.enqueue`) and the baseline's (a plain BullMQ job whose data is the same input, one `addBulk`).
 * Queues of keys with no worker, so every job stays queued.
 */
async function memoryPerQueuedJob(redisUrl) {
  const redis = connectRedis(redisUrl);
  const inputs = Array.from({ length: MEMORY_JOBS }, (_, i) => ({
    prompt: `a small wooden crate with iron bands, number ${i}`,
  }));
  try {
    const plainQueue = new Queue('bench-plain-bullmq', { connection: redis });
    const plain = await memoryPerJob(redis, inputs, async (jobs) => {
      for (let i = 0; i < jobs.length; i += 500)
        await plainQueue.addBulk(jobs.slice(i, i + 500).map((data) => ({ name: 'prompt', data })));
    });
    await plainQueue.close();
    const batch = new TripoBatch({
      redis: redisUrl,
      clientOptions: { apiKey: 'tsk_bench_memory_key', env: {} },
    });
    const engine = await memoryPerJob(redis, inputs, (jobs) => batch.enqueue(jobs, { outDir: os.tmpdir() }));
    await batch.close();
    return { engine, plain };
  } finally {
    redis.disconnect();
  }
}

/** Debian's redis-server, installed by scripts/ensure-redis.sh when missing (as `bash scripts/test.sh` does). */
function ensureRedisServer() {
  if (hasRedisServer()) return;
  const script = fileURLToPath(new URL('../../../scripts/ensure-redis.sh', import.meta.url));
  const run = spawnSync('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (hasRedisServer()) return;
  skip(
    'no working redis-server on PATH (`redis-server --version` fails), even after scripts/ensure-redis.sh ' +
      `(${run.error ? run.error.message : `exit ${run.status ?? run.signal}`}): ` +
      "install Debian's redis-server (apt-get install redis-server) and run the bench again",
  );
}

ensureRedisServer();
const redisServer = await startRedisServer({ name: 'bench' });
const dir = mkdtempSync(path.join(os.tmpdir(), 'tripokit-batch-bench-'));
try {
  console.log(
    `${N} text-to-model tasks, simulator speed ${SPEED}x (a task about ${Math.round((63 / SPEED) * 10) / 10} s), ` +
      `Tripo limits: ${IN_FLIGHT} tasks in flight, ${RPS} requests/s\n`,
  );
  const base = await baseline(dir);
  const rows = [['one process, core scheduler', base]];
  for (const w of WORKERS)
    rows.push([
      `batch engine, ${w} worker process${w === 1 ? '' : 'es'}`,
      await batchRun(redisServer.url, w, dir),
    ]);
  console.log('| run | wall time | tasks/min | vs baseline | API requests | 429s |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, r] of rows) {
    console.log(
      `| ${name} | ${(r.ms / 1000).toFixed(1)} s | ${perMinute(r.ms)} | ${(base.ms / r.ms).toFixed(2)}x | ${r.requests} | ${r.rejected} |`,
    );
  }
  const memory = await memoryPerQueuedJob(redisServer.url);
  console.log(
    `\nRedis memory per queued job (${MEMORY_JOBS} jobs): ${Math.round(memory.engine)} bytes with the batch engine ` +
      `(BullMQ job + the engine's record), ${Math.round(memory.plain)} bytes for a plain BullMQ job with the same input`,
  );
  const [name, best] = rows.at(-1);
  report({
    name: 'batch-throughput',
    title: `Batch engine throughput: ${N} text-to-model tasks, ${name.replace('batch engine, ', '')}`,
    unit: 'tasks/min',
    value: perMinute(best.ms),
    baseline: { label: 'one process, core scheduler', value: perMinute(base.ms) },
    ratio: round(base.ms / best.ms),
    better: 'higher',
    detail: {
      tasks: N,
      speed: SPEED,
      runs: rows.map(([run, r]) => ({
        run,
        seconds: round(r.ms / 1000, 1),
        requests: r.requests,
        rejected429: r.rejected,
      })),
    },
  });
  report({
    name: 'batch-redis-bytes-per-job',
    title: `Batch engine: Redis memory per queued job (${MEMORY_JOBS.toLocaleString('en-US')} jobs)`,
    unit: 'bytes',
    value: Math.round(memory.engine),
    baseline: { label: 'a plain BullMQ job with the same input', value: Math.round(memory.plain) },
    better: 'lower',
    detail: { jobs: MEMORY_JOBS },
  });
} finally {
  await redisServer.stop();
  rmSync(dir, { recursive: true, force: true });
}
