import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  estimateCredits,
  interpretTask,
  type Task,
  TripoClient,
  TripoError,
  TripoWaitTimeoutError,
} from '@tripokit/core';
import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import { type BatchConnectionOptions, type BatchEngine, openBatchEngine } from './engine.js';
import type { BatchJobProgress, BatchJobResult } from './events.js';
import type { JobError, JobRecord, JobStep, RetryFrom } from './job-record.js';
import { RedisRateLimiter } from './rate-limit.js';
import { buildCreateRequest } from './request.js';
import { type BatchLimits, DEFAULT_LIMITS } from './store.js';

/** Options of {@link startBatchWorker}. */
export interface BatchWorkerOptions extends BatchConnectionOptions {
  /** Jobs this process works on at once. Default: the shared `maxTasksInFlight` (the global cap still applies). */
  concurrency?: number;
  /** Shared limits to set when none are set yet (the first process to start writes them). */
  limits?: Partial<BatchLimits>;
  /** How long a job stays claimed by a worker that stopped answering (e.g. was killed). Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died. Default 30 s. */
  stalledIntervalMs?: number;
  /** Longest wait for one task, counted from its creation; then the job fails (its task id kept). Default 1 h. */
  maxWaitMs?: number;
  /** Attempts for transient errors (Redis, network, file host) before a job is reported failed. Default 5. */
  attempts?: number;
}

/** A running worker. */
export interface BatchWorker {
  /** Stops taking jobs and hands the ones in progress back to the queue (creates on the wire finish first). */
  close(): Promise<void>;
  /** The BullMQ worker, for its events. */
  readonly worker: Worker;
}

const DEFAULT_LOCK_MS = 30_000;
const DEFAULT_MAX_WAIT_MS = 60 * 60_000;
const WAIT_CHUNK_MS = 10 * 60_000;

/** Errors of a create that say for sure that no task was made, and that may pass later. */
const CREATE_TRANSIENT = new Set(['rate_limited', 'network', 'server', 'timeout']);

function errorOf(error: unknown): JobError {
  if (error instanceof TripoError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.suggestion ? { suggestion: error.suggestion } : {}),
      ...(error.traceId ? { traceId: error.traceId } : {}),
    };
  }
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Starts a worker in this process: it takes jobs of its API key's queue and runs each through create → wait →
 * download, recording every step in Redis before the next. Any number of workers may run, in any number of
 * processes or machines; they share one request-rate cap and one cap on tasks in flight.
 */
export async function startBatchWorker(options: BatchWorkerOptions = {}): Promise<BatchWorker> {
  const engine = openBatchEngine(options);
  const limits = await engine.store.ensureLimits({ ...DEFAULT_LIMITS, ...definedLimits(options.limits) });
  await engine.queue.setGlobalConcurrency(limits.maxTasksInFlight);
  const limiter = new RedisRateLimiter(engine.store);
  const client = new TripoClient({
    ...engine.clientOptions,
    // The shared Redis cap is the binding one; the client's own scheduler only smooths this process.
    maxRequestsPerSecond: engine.clientOptions.maxRequestsPerSecond ?? limits.requestsPerSecond,
    fetch: limiter.wrapFetch(engine.clientOptions.fetch),
  });
  const runner = new JobRunner(engine, client, limiter, options);
  const lockDuration = options.lockDurationMs ?? DEFAULT_LOCK_MS;
  const worker = new Worker(engine.queue.name, (job, token) => runner.run(job, token), {
    connection: engine.redis,
    prefix: engine.store.keys.bullPrefix,
    concurrency: options.concurrency ?? limits.maxTasksInFlight,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? lockDuration,
    // A stalled job is picked up again as often as it takes: its recorded step makes that safe.
    maxStalledCount: Number.MAX_SAFE_INTEGER,
  });
  worker.on('error', () => {});
  // BullMQ can also fail a job on its own (stalled too often, …): keep the record in line with it.
  worker.on('failed', (job, error) => {
    if (job?.id && !(error instanceof DelayedError)) void runner.settleFailure(job.id, error).catch(() => {});
  });
  await worker.waitUntilReady();
  return {
    worker,
    async close() {
      runner.shutdown();
      await worker.close();
      await engine.close();
    },
  };
}

function definedLimits(limits: Partial<BatchLimits> | undefined): Partial<BatchLimits> {
  return Object.fromEntries(Object.entries(limits ?? {}).filter(([, v]) => v !== undefined));
}

class ShutdownError extends Error {}

/** Runs one BullMQ job through the steps its record says are left. */
class JobRunner {
  readonly #engine: BatchEngine;
  readonly #client: TripoClient;
  readonly #limiter: RedisRateLimiter;
  readonly #options: BatchWorkerOptions;
  readonly #stopping = new AbortController();

  constructor(
    engine: BatchEngine,
    client: TripoClient,
    limiter: RedisRateLimiter,
    options: BatchWorkerOptions,
  ) {
    this.#engine = engine;
    this.#client = client;
    this.#limiter = limiter;
    this.#options = options;
  }

  get #store() {
    return this.#engine.store;
  }

  shutdown(): void {
    this.#stopping.abort(new ShutdownError('worker closing'));
  }

  async run(job: Job, token: string | undefined): Promise<BatchJobResult> {
    const jobId = job.id!;
    let record = await this.#store.getJob(jobId);
    if (record === undefined) throw new UnrecoverableError(`No record for job ${jobId}.`);
    try {
      for (;;) {
        const next = await this.#step(job, record);
        if (next === undefined) break;
        record = next;
      }
      return resultOf(record);
    } catch (error) {
      if (this.#stopping.signal.aborted && !(error instanceof UnrecoverableError)) {
        // Hand the job back at once instead of failing an attempt; its step is recorded.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      if (!(error instanceof UnrecoverableError) && job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await this.settleFailure(jobId, error);
        throw new UnrecoverableError(errorOf(error).message);
      }
      throw error;
    }
  }

  /** Runs the step the record is at; returns the record after it, or undefined when the job is settled. */
  async #step(job: Job, record: JobRecord): Promise<JobRecord | undefined> {
    switch (record.step) {
      case 'queued':
        return this.#create(job, record);
      case 'creating':
        // An earlier attempt marked the create as sent and never recorded an answer: it died or lost its lock
        // mid-request. The task may exist; only reconciliation may decide, never a second create.
        return this.#park(record, record.attemptId, {
          code: 'outcome_unknown',
          message: 'The worker that sent this create stopped before it recorded the answer.',
        });
      case 'waiting':
        return this.#wait(job, record);
      case 'downloading':
        return this.#download(job, record);
      default:
        return undefined;
    }
  }

  async #reload(jobId: string): Promise<JobRecord> {
    const record = await this.#store.getJob(jobId);
    if (record === undefined) throw new UnrecoverableError(`The record of job ${jobId} disappeared.`);
    return record;
  }

  async #create(job: Job, record: JobRecord): Promise<JobRecord> {
    const request = await buildCreateRequest(record.input, this.#client, this.#stopping.signal);
    const price = estimateCredits(request).credits ?? 0;
    const attemptId = randomUUID();
    const outcome = await this.#limiter.withToken(async () => {
      const begun = await this.#store.transition(record.jobId, record.batchId, {
        from: ['queued'],
        budget: 'reserve',
        credits: price,
        set: { step: 'creating', attemptId, createStartedAt: Date.now(), error: null, retryFrom: null },
      });
      if (!begun.ok) return { begun };
      try {
        // No abort signal: a create cut off on the wire would leave its outcome unknown.
        return { begun, created: await this.#client.createTask(request) };
      } catch (error) {
        return { begun, error };
      }
    }, this.#stopping.signal);

    if (!outcome.begun.ok) {
      if (outcome.begun.reason === 'budget') {
        await this.#store.transition(record.jobId, record.batchId, {
          from: ['queued'],
          set: {
            step: 'failed',
            retryFrom: 'create',
            error: JSON.stringify({
              code: 'budget_exhausted',
              message: `The batch's credit budget cannot cover this task (about ${price} credits); it was not created.`,
              suggestion: 'Raise the budget and run retry-failed, or leave it.',
            } satisfies JobError),
          },
        });
        throw new UnrecoverableError('budget_exhausted');
      }
      return this.#reload(record.jobId); // another worker moved it on
    }

    if (outcome.created) {
      const { taskId } = outcome.created;
      const recorded = await this.#store.transition(record.jobId, record.batchId, {
        from: ['creating', 'parked'],
        attemptId,
        set: { step: 'waiting', taskId, status: 'queued', progress: 0, error: null },
      });
      if (!recorded.ok) {
        await this.#store.keepTaskId(record.jobId, taskId);
        throw new UnrecoverableError(
          `Task ${taskId} was created but its job had moved on (${recorded.step}).`,
        );
      }
      await this.#emit(job, { step: 'waiting', taskId, status: 'queued', progress: 0 });
      return this.#reload(record.jobId);
    }

    const error = outcome.error;
    if (!(error instanceof TripoError) || error.code === 'outcome_unknown') {
      await this.#park(record, attemptId, errorOf(error));
      throw new UnrecoverableError('outcome_unknown');
    }
    if (CREATE_TRANSIENT.has(error.code)) {
      // The client guarantees these never reached Tripo's task creation: try again after a back-off.
      await this.#store.transition(record.jobId, record.batchId, {
        from: ['creating'],
        attemptId,
        budget: 'release',
        set: { step: 'queued', attemptId: null, error: JSON.stringify(errorOf(error)) },
      });
      throw error;
    }
    await this.#store.transition(record.jobId, record.batchId, {
      from: ['creating'],
      attemptId,
      budget: 'release',
      set: { step: 'failed', retryFrom: 'create', error: JSON.stringify(errorOf(error)) },
    });
    throw new UnrecoverableError(error.message);
  }

  async #park(record: JobRecord, attemptId: string | undefined, error: JobError): Promise<JobRecord> {
    const parked = await this.#store.transition(record.jobId, record.batchId, {
      from: ['creating'],
      ...(attemptId ? { attemptId } : {}),
      set: {
        step: 'parked',
        error: JSON.stringify({
          ...error,
          suggestion:
            'The create may have made a paid task. Run `tripokit-batch reconcile` to attach the task, or to create it again once you are sure none exists.',
        } satisfies JobError),
      },
    });
    // Refused because the job moved on (its first worker recorded the answer after all): carry on from there.
    if (!parked.ok && parked.step !== 'parked') return this.#reload(record.jobId);
    throw new UnrecoverableError('outcome_unknown: parked for reconciliation');
  }

  async #wait(job: Job, record: JobRecord): Promise<JobRecord> {
    const taskId = record.taskId!;
    const maxWaitMs = this.#options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
    const since = record.createStartedAt ?? Date.now();
    let last = { status: record.status ?? '', progress: record.progress };
    let task: Task;
    for (;;) {
      const left = since + maxWaitMs - Date.now();
      try {
        if (left <= 0) throw new TripoWaitTimeoutError(taskId, undefined, maxWaitMs);
        task = await this.#client.waitForTask(taskId, {
          signal: this.#stopping.signal,
          timeoutMs: Math.min(left, WAIT_CHUNK_MS),
          onProgress: (update) => {
            const progress = Math.round(update.progress);
            if (update.status === last.status && progress < last.progress + 10) return;
            last = { status: update.status, progress };
            void this.#store.setProgress(record.jobId, update.status, progress).catch(() => {});
            void this.#emit(job, { step: 'waiting', taskId, status: update.status, progress });
          },
        });
        break;
      } catch (error) {
        if (error instanceof TripoWaitTimeoutError && Date.now() < since + maxWaitMs) continue;
        if (
          error instanceof TripoWaitTimeoutError ||
          (error instanceof TripoError && error.code === 'not_found')
        ) {
          await this.#fail(record, error, ['waiting'], error.code === 'not_found' ? 'create' : 'wait');
        }
        throw error;
      }
    }

    const meaning = interpretTask(task);
    if (task.status === 'success') {
      await this.#store.transition(record.jobId, record.batchId, {
        from: ['waiting'],
        budget: 'settle',
        credits: task.creditsConsumed ?? record.reserved,
        set: { step: 'downloading', status: task.status, progress: 100 },
      });
      await this.#emit(job, { step: 'downloading', taskId, status: task.status, progress: 100 });
      return this.#reload(record.jobId);
    }
    const failure: JobError = {
      code: meaning.cause ?? task.status,
      message: meaning.message,
      suggestion: meaning.nextStep,
    };
    await this.#store.transition(record.jobId, record.batchId, {
      from: ['waiting'],
      ...(meaning.terminal ? { budget: 'settle' as const, credits: 0 } : {}),
      set: {
        step: 'failed',
        status: task.status,
        retryFrom: meaning.terminal ? 'create' : 'wait',
        error: JSON.stringify(failure),
      },
    });
    throw new UnrecoverableError(failure.message);
  }

  async #download(job: Job, record: JobRecord): Promise<JobRecord> {
    const taskId = record.taskId!;
    const file = await this.#client.downloadTaskOutput(taskId, {
      dir: record.outDir,
      filename: record.input.id ?? `line-${String(record.index + 1).padStart(4, '0')}`,
      signal: this.#stopping.signal,
    });
    const done = await this.#store.transition(record.jobId, record.batchId, {
      from: ['downloading'],
      set: { step: 'succeeded', path: file.path, bytes: file.bytes, sha256: file.sha256, error: null },
    });
    if (done.ok) {
      await this.#emit(job, { step: 'succeeded', taskId, status: 'success', progress: 100, path: file.path });
    }
    return this.#reload(record.jobId);
  }

  async #fail(record: JobRecord, error: unknown, from: JobStep[], retryFrom: RetryFrom): Promise<void> {
    await this.#store.transition(record.jobId, record.batchId, {
      from,
      set: { step: 'failed', retryFrom, error: JSON.stringify(errorOf(error)) },
    });
  }

  /** Records a job BullMQ gave up on, picking it up later from the step it was at. */
  async settleFailure(jobId: string, error: unknown): Promise<void> {
    const record = await this.#store.getJob(jobId);
    if (record === undefined) return;
    const retryFrom: Record<string, RetryFrom> = {
      queued: 'create',
      waiting: 'wait',
      downloading: 'download',
    };
    const from = retryFrom[record.step];
    if (from === undefined) return; // settled already, or a create in doubt (left for the stalled-job check)
    await this.#fail(record, error, [record.step], from);
  }

  async #emit(job: Job, progress: BatchJobProgress): Promise<void> {
    await job.updateProgress({ ...progress, batchId: job.data?.batchId }).catch(() => {});
  }
}

function resultOf(record: JobRecord): BatchJobResult {
  return {
    jobId: record.jobId,
    batchId: record.batchId,
    step: record.step,
    ...(record.taskId ? { taskId: record.taskId } : {}),
    ...(record.path ? { path: path.resolve(record.path) } : {}),
    credits: record.credits,
  };
}
