import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { TripoClient, TripoError } from '@tripokit/core';
import { isPathInside } from '@tripokit/core/adapter';
import { QueueEvents } from 'bullmq';
import { type BatchConnectionOptions, type BatchEngine, openBatchEngine } from './engine.js';
import type { BatchJobProgress, BatchJobResult } from './events.js';
import { BatchJobInput, type ParsedBatchJobInput } from './job-input.js';
import type { JobRecord } from './job-record.js';
import { checkJobInput } from './request.js';
import type { BatchLimits, BatchSummary } from './store.js';

/** Options of {@link TripoBatch.enqueue}. */
export interface EnqueueOptions {
  /** Folder the models go to (a job's `out` is a sub-folder of it). */
  outDir: string;
  /** Reuse an id to resume a batch: jobs that exist are left as they are. Default: a new id. */
  batchId?: string;
  /** Credits this batch may spend; creates stop once the next one would overspend. Default: no limit. */
  budgetCredits?: number;
  /** Where the prompts came from, for the report. */
  source?: string;
}

/** What {@link TripoBatch.enqueue} did. */
export interface EnqueueResult {
  batchId: string;
  /** One id per prompt, in order. */
  jobIds: string[];
  /** How many were new (the others already existed in a resumed batch). */
  added: number;
}

/** A change `reconcile` makes to a parked job. */
export type ReconcileAction =
  /** The create did make this task: resume the job with it (its wait, then its download). */
  | { jobId: string; attachTaskId: string }
  /** No task was made: create it now. */
  | { jobId: string; recreate: true }
  /** Give the job up (reported failed; `retry-failed` creates it again later). */
  | { jobId: string; abandon: true };

/** What `reconcile` did to each job. */
export interface ReconcileOutcome {
  jobId: string;
  action: 'attached' | 'recreated' | 'abandoned' | 'resumed-late-answer' | 'left-parked' | 'refused';
  taskId?: string;
  detail?: string;
}

/** A listener of {@link TripoBatch.onEvent}. */
export type BatchEventListener = (
  event:
    | { type: 'progress'; jobId: string; data: BatchJobProgress }
    | { type: 'completed'; jobId: string; result: BatchJobResult }
    | { type: 'failed'; jobId: string; reason: string },
) => void;

/** Job options every prompt gets: transient errors retried with back-off; finished jobs live on in the records. */
const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: true,
} as const;

/**
 * The queue side of the batch engine: queue prompts, follow batches, retry failures and reconcile creates whose
 * outcome is unknown. Workers ({@link startBatchWorker}) do the work, in this process or others.
 */
export class TripoBatch {
  readonly #engine: BatchEngine;
  #events?: QueueEvents;

  constructor(options: BatchConnectionOptions = {}) {
    this.#engine = openBatchEngine(options);
  }

  /** Checks every prompt first (nothing is queued if one is invalid), then queues them as one batch. */
  async enqueue(inputs: readonly BatchJobInput[], options: EnqueueOptions): Promise<EnqueueResult> {
    const parsed = inputs.map((input, index) => parseInput(input, index));
    const batchId = options.batchId ?? newBatchId();
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(batchId)) {
      throw new TripoError('invalid_request', `Batch id "${batchId.slice(0, 70)}" is not valid.`, {
        field: 'batchId',
        suggestion: 'Use letters, digits, "_" and "-" (at most 64).',
      });
    }
    const outDir = path.resolve(options.outDir);
    const store = this.#engine.store;
    await store.createBatch({ batchId, outDir, source: options.source, budget: options.budgetCredits });
    if (options.budgetCredits !== undefined) await store.setBudget(batchId, options.budgetCredits);
    const jobIds: string[] = [];
    let added = 0;
    for (const [index, input] of parsed.entries()) {
      const jobId = `${batchId}-${index + 1}`;
      jobIds.push(jobId);
      const jobDir = input.out === undefined ? outDir : path.resolve(outDir, input.out);
      if (input.out !== undefined && !isPathInside(outDir, jobDir)) {
        throw new TripoError('file_access', `Line ${index + 1}: "out" leaves the output folder.`, {
          field: 'out',
        });
      }
      if (await store.addJob({ jobId, batchId, index, input, outDir: jobDir })) added++;
    }
    await this.#requeue(batchId);
    return { batchId, jobIds, added };
  }

  /** Puts every job of a batch that is not settled back on the queue (no-op for jobs already there). */
  async #requeue(batchId: string, only?: ReadonlySet<string>): Promise<void> {
    const records = await this.#engine.store.getJobs(batchId);
    const open = records.filter(
      (r) =>
        ['queued', 'creating', 'waiting', 'downloading'].includes(r.step) && (!only || only.has(r.jobId)),
    );
    for (let i = 0; i < open.length; i += 500) {
      await this.#engine.queue.addBulk(
        open.slice(i, i + 500).map((r) => ({
          name: 'prompt',
          data: { batchId },
          opts: { ...JOB_OPTIONS, jobId: r.jobId },
        })),
      );
    }
  }

  /** A batch's totals, or undefined for an unknown id. */
  status(batchId: string): Promise<BatchSummary | undefined> {
    return this.#engine.store.getBatch(batchId);
  }

  /** Every job of a batch, in line order. */
  jobs(batchId: string): Promise<JobRecord[]> {
    return this.#engine.store.getJobs(batchId);
  }

  /** Batch ids, newest first. */
  listBatches(limit?: number): Promise<string[]> {
    return this.#engine.store.listBatches(limit);
  }

  /** The limits every worker of this API key shares. */
  limits(): Promise<BatchLimits> {
    return this.#engine.store.getLimits();
  }

  /** Changes the shared limits; workers follow at once (rate) or on their next job (tasks in flight). */
  async setLimits(limits: Partial<BatchLimits>): Promise<void> {
    await this.#engine.store.setLimits(limits);
    if (limits.maxTasksInFlight !== undefined)
      await this.#engine.queue.setGlobalConcurrency(limits.maxTasksInFlight);
  }

  /**
   * Queues the failed jobs of a batch again, each from where it failed: a failed task is created anew (its old
   * id kept in `previousTaskIds`), a wait that timed out waits again, a failed download downloads again.
   */
  async retryFailed(batchId: string, options: { budgetCredits?: number } = {}): Promise<string[]> {
    const store = this.#engine.store;
    if (options.budgetCredits !== undefined) await store.setBudget(batchId, options.budgetCredits);
    const retried = new Set<string>();
    for (const record of await store.getJobs(batchId)) {
      if (record.step !== 'failed') continue;
      const from = record.retryFrom ?? 'create';
      const set =
        from === 'create'
          ? {
              step: 'queued',
              taskId: null,
              attemptId: null,
              status: null,
              progress: 0,
              previousTaskIds: JSON.stringify(
                record.taskId ? [...record.previousTaskIds, record.taskId] : record.previousTaskIds,
              ),
            }
          : { step: from === 'wait' ? 'waiting' : 'downloading' };
      const moved = await store.transition(record.jobId, batchId, {
        from: ['failed'],
        set: { ...set, error: null, retryFrom: null },
      });
      if (moved.ok) retried.add(record.jobId);
    }
    await this.#requeue(batchId, retried);
    return [...retried];
  }

  /**
   * Settles parked jobs (creates whose outcome is unknown). Without actions it only resumes jobs whose answer
   * arrived after they were parked, and lists the rest. `attachTaskId` is checked with Tripo before it is used.
   */
  async reconcile(batchId: string, actions: readonly ReconcileAction[] = []): Promise<ReconcileOutcome[]> {
    const store = this.#engine.store;
    const outcomes: ReconcileOutcome[] = [];
    const resume = new Set<string>();
    const byJob = new Map(actions.map((a) => [a.jobId, a]));
    let client: TripoClient | undefined;
    for (const record of await store.getJobs(batchId)) {
      const action = byJob.get(record.jobId);
      byJob.delete(record.jobId);
      if (record.step !== 'parked') {
        if (action) outcomes.push({ jobId: record.jobId, action: 'refused', detail: `it is ${record.step}` });
        continue;
      }
      const late = await store.lateTaskId(record.jobId);
      const attach = late ?? (action && 'attachTaskId' in action ? action.attachTaskId : undefined);
      if (attach !== undefined) {
        if (late === undefined) {
          client ??= new TripoClient(this.#engine.clientOptions);
          try {
            await client.getTask(attach);
          } catch (error) {
            const detail = error instanceof TripoError ? `${error.code}: ${error.message}` : String(error);
            outcomes.push({ jobId: record.jobId, action: 'refused', taskId: attach, detail });
            continue;
          }
        }
        const moved = await store.transition(record.jobId, batchId, {
          from: ['parked'],
          set: { step: 'waiting', taskId: attach, error: null, status: 'unknown' },
        });
        if (moved.ok) {
          resume.add(record.jobId);
          outcomes.push({
            jobId: record.jobId,
            action: late ? 'resumed-late-answer' : 'attached',
            taskId: attach,
          });
        }
        continue;
      }
      if (action && 'recreate' in action) {
        const moved = await store.transition(record.jobId, batchId, {
          from: ['parked'],
          budget: 'release',
          set: { step: 'queued', attemptId: null, error: null },
        });
        if (moved.ok) {
          resume.add(record.jobId);
          outcomes.push({ jobId: record.jobId, action: 'recreated' });
        }
        continue;
      }
      if (action && 'abandon' in action) {
        await store.transition(record.jobId, batchId, {
          from: ['parked'],
          budget: 'release',
          set: { step: 'failed', retryFrom: 'create' },
        });
        outcomes.push({ jobId: record.jobId, action: 'abandoned' });
        continue;
      }
      outcomes.push({
        jobId: record.jobId,
        action: 'left-parked',
        detail: `create sent ${record.createStartedAt ? new Date(record.createStartedAt).toISOString() : 'at an unknown time'}: ${summaryOf(record.input)}`,
      });
    }
    for (const jobId of byJob.keys()) outcomes.push({ jobId, action: 'refused', detail: 'no such job' });
    await this.#requeue(batchId, resume);
    return outcomes;
  }

  /** Follows BullMQ's events of this API key's queue: progress, completions and failures. Returns an unsubscribe. */
  async onEvent(listener: BatchEventListener): Promise<() => void> {
    if (this.#events === undefined) {
      this.#events = new QueueEvents(this.#engine.queue.name, {
        connection: this.#engine.redis,
        prefix: this.#engine.store.keys.bullPrefix,
      });
      this.#events.on('error', () => {});
      await this.#events.waitUntilReady();
    }
    const events = this.#events;
    const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) =>
      listener({ type: 'progress', jobId, data: data as BatchJobProgress });
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
      listener({ type: 'completed', jobId, result: returnvalue as BatchJobResult });
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
      listener({ type: 'failed', jobId, reason: failedReason });
    events.on('progress', onProgress);
    events.on('completed', onCompleted);
    events.on('failed', onFailed);
    return () => {
      events.off('progress', onProgress);
      events.off('completed', onCompleted);
      events.off('failed', onFailed);
    };
  }

  async close(): Promise<void> {
    await this.#events?.close();
    await this.#engine.close();
  }
}

function parseInput(input: BatchJobInput, index: number): ParsedBatchJobInput {
  const parsed = BatchJobInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    throw new TripoError(
      'invalid_request',
      `Prompt ${index + 1}: ${field ? `${field}: ` : ''}${issue?.message}`,
      {
        ...(field ? { field } : {}),
        suggestion: 'Fix that line; nothing was queued.',
      },
    );
  }
  try {
    checkJobInput(parsed.data);
  } catch (error) {
    if (error instanceof TripoError) {
      throw new TripoError(error.code, `Prompt ${index + 1}: ${error.message}`, {
        field: error.field,
        suggestion: error.suggestion ?? 'Fix that line; nothing was queued.',
      });
    }
    throw error;
  }
  return parsed.data;
}

function newBatchId(): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** A short reminder of what a job asks for. */
export function summaryOf(input: ParsedBatchJobInput): string {
  const text = input.prompt ?? `image ${input.image}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
