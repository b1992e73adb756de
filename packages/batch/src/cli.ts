#!/usr/bin/env node
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { TripoError } from '@tripokit/core';
import { type ReconcileAction, TripoBatch } from './batch.js';
import { type BatchCliArgs, parseBatchArgs, USAGE } from './cli-args.js';
import { readPromptsFile } from './jsonl.js';
import { batchProgress, formatProgressLine } from './progress.js';
import { buildReport, formatReportTable } from './report.js';
import type { BatchSummary } from './store.js';
import { startBatchWorker } from './worker.js';

const env = process.env;
const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

function describe(error: unknown): string {
  if (error instanceof TripoError)
    return error.suggestion ? `${error.message} ${error.suggestion}` : error.message;
  return error instanceof Error ? error.message : String(error);
}

function openBatch(args: BatchCliArgs): TripoBatch {
  return new TripoBatch({ redis: args.redis, clientOptions: { env } });
}

function workerFlags(args: BatchCliArgs): string[] {
  return [
    ...(args.redis ? ['--redis', args.redis] : []),
    ...(args.concurrency ? ['--concurrency', String(args.concurrency)] : []),
    ...(args.lockMs ? ['--lock-ms', String(args.lockMs)] : []),
  ];
}

/** Local worker processes, restarted if one dies before the batch is done (the jobs it held are not lost). */
function spawnWorkers(count: number, args: BatchCliArgs): { stop(): Promise<void> } {
  const script = fileURLToPath(import.meta.url);
  const children = new Set<ChildProcess>();
  let stopping = false;
  let restarts = 0;
  const start = (n: number) => {
    const child = spawn(process.execPath, [script, 'worker', ...workerFlags(args)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-2000);
    });
    children.add(child);
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      err(
        `\nworker ${n} stopped (${signal ?? `exit ${code}`}); ${restarts < 5 ? 'restarting it' : 'not restarting'}.`,
      );
      if (tail.trim()) err(tail.trim());
      if (restarts++ < 5) start(n);
    });
  };
  for (let n = 1; n <= count; n++) start(n);
  return {
    async stop() {
      stopping = true;
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

function unsettled(summary: BatchSummary): number {
  const c = summary.counts;
  return c.queued + c.creating + c.waiting + c.downloading;
}

/** Shows progress until no job of the batch is left to run; returns the final totals. */
async function follow(batch: TripoBatch, batchId: string, signal: AbortSignal): Promise<BatchSummary> {
  const tty = process.stderr.isTTY;
  const first = (await batch.status(batchId))!;
  const watch = {
    startedAt: Date.now(),
    startDone: first.counts.succeeded + first.counts.failed + first.counts.parked,
  };
  let lastPrinted = 0;
  for (;;) {
    const summary = (await batch.status(batchId))!;
    const line = formatProgressLine(batchProgress(summary, { ...watch, now: Date.now() }));
    const done = unsettled(summary) === 0;
    if (tty) process.stderr.write(`\r${line}\x1b[K${done ? '\n' : ''}`);
    else if (done || Date.now() - lastPrinted >= 10_000) {
      err(line);
      lastPrinted = Date.now();
    }
    if (done || signal.aborted) return summary;
    await sleep(tty ? 500 : 1000);
  }
}

async function runWithWorkers(
  batch: TripoBatch,
  batchId: string,
  args: BatchCliArgs,
  defaultWorkers: number,
): Promise<BatchSummary> {
  const workers = spawnWorkers(args.workers ?? defaultWorkers, args);
  const interrupted = new AbortController();
  const onSignal = () => interrupted.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const summary = await follow(batch, batchId, interrupted.signal);
    if (interrupted.signal.aborted) {
      err(
        `\nStopped. Batch ${batchId} is kept in Redis: resume it with \`tripokit-batch run FILE --batch ${batchId}\`.`,
      );
    }
    return summary;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await workers.stop();
  }
}

async function finish(batch: TripoBatch, summary: BatchSummary, args: BatchCliArgs, startedAt: number) {
  const report = buildReport(summary, await batch.jobs(summary.batchId), Date.now() - startedAt);
  const file = path.resolve(
    args.report ?? path.join(summary.outDir, `tripokit-batch-${summary.batchId}.json`),
  );
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  if (args.json) out(JSON.stringify(report));
  else out(`${formatReportTable(report, { all: args.all })}\n\nReport: ${file}`);
  return report.counts.failed + report.counts.parked + unsettled(summary) === 0 ? 0 : 1;
}

async function limitsFromArgs(batch: TripoBatch, args: BatchCliArgs): Promise<void> {
  if (args.maxInFlight !== undefined || args.rps !== undefined) {
    await batch.setLimits({ maxTasksInFlight: args.maxInFlight, requestsPerSecond: args.rps });
  }
}

async function latestBatch(batch: TripoBatch, given: string | undefined): Promise<string> {
  const batchId = given ?? (await batch.listBatches(1))[0];
  if (batchId === undefined)
    throw new Error('No batch yet: start one with `tripokit-batch run PROMPTS.jsonl`.');
  if ((await batch.status(batchId)) === undefined) throw new Error(`No batch "${batchId}" for this API key.`);
  return batchId;
}

async function commandRun(args: BatchCliArgs): Promise<number> {
  const file = args.positionals[0];
  if (file === undefined) throw new Error('run needs the prompts file: tripokit-batch run PROMPTS.jsonl');
  const startedAt = Date.now();
  const batch = openBatch(args);
  try {
    await limitsFromArgs(batch, args);
    const inputs = await readPromptsFile(file);
    const outDir = args.out ?? env.TRIPOKIT_OUTPUT_DIR ?? './tripo-models';
    const { batchId, jobIds, added } = await batch.enqueue(inputs, {
      outDir,
      batchId: args.batch,
      budgetCredits: args.budget,
      source: path.basename(file),
    });
    err(`Batch ${batchId}: ${jobIds.length} prompts (${added} new) → ${path.resolve(outDir)}`);
    const summary = await runWithWorkers(batch, batchId, args, 2);
    return await finish(batch, summary, args, startedAt);
  } finally {
    await batch.close();
  }
}

async function commandWorker(args: BatchCliArgs): Promise<number> {
  const worker = await startBatchWorker({
    redis: args.redis,
    clientOptions: { env },
    concurrency: args.concurrency,
    limits: { maxTasksInFlight: args.maxInFlight, requestsPerSecond: args.rps },
    lockDurationMs: args.lockMs,
  });
  err(`tripokit-batch worker ${process.pid} ready`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await worker.close();
  return 0;
}

async function commandStatus(args: BatchCliArgs): Promise<number> {
  const batch = openBatch(args);
  try {
    const batchId = await latestBatch(batch, args.positionals[0] ?? args.batch);
    const summary = (await batch.status(batchId))!;
    if (args.all) {
      const report = buildReport(summary, await batch.jobs(batchId));
      out(args.json ? JSON.stringify(report) : formatReportTable(report, { all: true }));
      return 0;
    }
    if (args.json) out(JSON.stringify(summary));
    else {
      out(`Batch ${batchId}${summary.source ? ` (${summary.source})` : ''} → ${summary.outDir}`);
      out(
        formatProgressLine(
          batchProgress(summary, { startedAt: summary.createdAt, startDone: 0, now: Date.now() }),
        ),
      );
    }
    return 0;
  } finally {
    await batch.close();
  }
}

async function commandRetry(args: BatchCliArgs): Promise<number> {
  const batch = openBatch(args);
  const startedAt = Date.now();
  try {
    const batchId = await latestBatch(batch, args.positionals[0] ?? args.batch);
    const retried = await batch.retryFailed(batchId, { budgetCredits: args.budget });
    err(`Batch ${batchId}: ${retried.length} failed job${retried.length === 1 ? '' : 's'} queued again.`);
    if (!args.workers) return 0;
    return await finish(batch, await runWithWorkers(batch, batchId, args, 0), args, startedAt);
  } finally {
    await batch.close();
  }
}

async function commandReconcile(args: BatchCliArgs): Promise<number> {
  const batch = openBatch(args);
  const startedAt = Date.now();
  try {
    const batchId = await latestBatch(batch, args.positionals[0] ?? args.batch);
    const actions: ReconcileAction[] = [
      ...args.attach.map(({ jobId, taskId }) => ({ jobId, attachTaskId: taskId })),
      ...args.recreate.map((jobId) => ({ jobId, recreate: true as const })),
      ...args.abandon.map((jobId) => ({ jobId, abandon: true as const })),
    ];
    const outcomes = await batch.reconcile(batchId, actions);
    if (args.json) out(JSON.stringify(outcomes));
    else if (outcomes.length === 0) out(`Batch ${batchId}: no parked jobs.`);
    else {
      for (const o of outcomes)
        out(`${o.jobId}  ${o.action}${o.taskId ? `  ${o.taskId}` : ''}${o.detail ? `  ${o.detail}` : ''}`);
      if (outcomes.some((o) => o.action === 'left-parked')) {
        out(
          '\nA parked create may have made a paid task. Look for it in your Tripo task history (created about the time shown, with that prompt; the balance shows frozen credits while it runs), then:\n  --attach JOB=TASK   if you find it\n  --recreate JOB      if you are sure there is none\n  --abandon JOB       to give the job up',
        );
      }
    }
    if (!args.workers) return 0;
    return await finish(batch, await runWithWorkers(batch, batchId, args, 0), args, startedAt);
  } finally {
    await batch.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  let args: BatchCliArgs;
  try {
    args = parseBatchArgs(argv);
  } catch (error) {
    err(`${describe(error)}\n\n${USAGE}`);
    return 2;
  }
  switch (args.command) {
    case 'help':
      out(USAGE);
      return 0;
    case 'run':
      return commandRun(args);
    case 'worker':
      return commandWorker(args);
    case 'status':
      return commandStatus(args);
    case 'retry-failed':
      return commandRetry(args);
    case 'reconcile':
      return commandReconcile(args);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    err(`tripokit-batch: ${describe(error)}`);
    process.exit(1);
  },
);
