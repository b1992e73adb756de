import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ParsedBatchJobInput } from './job-input.js';
import { JOB_STEPS, type JobRecord, type JobStep, parseJobRecord } from './job-record.js';
import type { BatchKeys } from './keys.js';
import { type BatchScripts, withScripts } from './scripts.js';

/** A field value that removes the field (see the transition script). */
const DELETE = '\u0000';

/** The shared limits every worker of one API key obeys. */
export interface BatchLimits {
  /** Tripo tasks unfinished at once (Tripo allows about 10 per key). */
  maxTasksInFlight: number;
  /** API requests per second, across every worker. */
  requestsPerSecond: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
}

/** Defaults of {@link BatchLimits}: Tripo's documented concurrency and the client's default request rate. */
export const DEFAULT_LIMITS: BatchLimits = { maxTasksInFlight: 10, requestsPerSecond: 10, burst: 5 };

/** A batch's totals. */
export interface BatchSummary {
  batchId: string;
  createdAt: number;
  /** What the batch was made from, e.g. the JSONL file. */
  source?: string;
  outDir: string;
  total: number;
  /** Jobs per step. */
  counts: Record<JobStep, number>;
  /** Credit budget, if any. */
  budget?: number;
  /** Credits the finished tasks consumed. */
  spent: number;
  /** Credits held for tasks still going (their estimate). */
  reserved: number;
}

/** A change of a job record, applied atomically by the transition script. */
export interface Transition {
  /** Steps the job may be in; anything else refuses the change. */
  from: readonly JobStep[] | '*';
  /** The create attempt the job must carry. */
  attemptId?: string;
  /** `reserve`: take `credits` from the budget (refused when it would overspend); `settle`: the task is done and cost `credits`; `release`: give back what is held. */
  budget?: 'reserve' | 'settle' | 'release';
  credits?: number;
  /** Fields to set; `null` removes one. */
  set: Record<string, string | number | null | undefined>;
}

/** What a transition did. */
export type TransitionResult =
  | { ok: true; step: JobStep }
  | { ok: false; step: JobStep | ''; reason: string };

/** Batches and job records in Redis: the engine's own state next to BullMQ's queue. */
export class BatchStore {
  readonly redis: Redis & BatchScripts;
  readonly keys: BatchKeys;

  constructor(redis: Redis, keys: BatchKeys) {
    this.redis = withScripts(redis);
    this.keys = keys;
  }

  /** Records a batch unless it exists; returns whether it was new. */
  async createBatch(batch: {
    batchId: string;
    outDir: string;
    source?: string;
    budget?: number;
  }): Promise<boolean> {
    const key = this.keys.batch(batch.batchId);
    const created = await this.redis.hsetnx(key, 'batchId', batch.batchId);
    if (created === 1) {
      await this.redis.hset(key, {
        createdAt: Date.now(),
        outDir: batch.outDir,
        total: 0,
        spent: 0,
        reserved: 0,
        ...(batch.source ? { source: batch.source } : {}),
        ...(batch.budget !== undefined ? { budget: batch.budget } : {}),
      });
      await this.redis.zadd(this.keys.batches, Date.now(), batch.batchId);
    }
    return created === 1;
  }

  /** Sets (or, with `undefined`, removes) a batch's credit budget. */
  async setBudget(batchId: string, budget: number | undefined): Promise<void> {
    const key = this.keys.batch(batchId);
    if (budget === undefined) await this.redis.hdel(key, 'budget');
    else await this.redis.hset(key, 'budget', budget);
  }

  /** Adds a job unless one with this id exists; returns whether it was new. */
  async addJob(job: {
    jobId: string;
    batchId: string;
    index: number;
    input: ParsedBatchJobInput;
    outDir: string;
  }): Promise<boolean> {
    const added = await this.redis.tkbAddJob(
      this.keys.job(job.jobId),
      this.keys.batch(job.batchId),
      this.keys.batchJobs(job.batchId),
      job.jobId,
      'step',
      'queued',
      'batchId',
      job.batchId,
      'index',
      String(job.index),
      'input',
      JSON.stringify(job.input),
      'outDir',
      job.outDir,
      'progress',
      '0',
      'reserved',
      '0',
      'credits',
      '0',
    );
    return added === 1;
  }

  async getJob(jobId: string): Promise<JobRecord | undefined> {
    return parseJobRecord(jobId, await this.redis.hgetall(this.keys.job(jobId)));
  }

  /** Every job of a batch, in line order. */
  async getJobs(batchId: string): Promise<JobRecord[]> {
    const ids = await this.redis.lrange(this.keys.batchJobs(batchId), 0, -1);
    const records: JobRecord[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const pipeline = this.redis.pipeline();
      for (const id of chunk) pipeline.hgetall(this.keys.job(id));
      const results = (await pipeline.exec()) ?? [];
      results.forEach(([error, hash], n) => {
        if (error) throw error;
        const record = parseJobRecord(chunk[n]!, hash as Record<string, string>);
        if (record) records.push(record);
      });
    }
    return records;
  }

  async getBatch(batchId: string): Promise<BatchSummary | undefined> {
    const hash = await this.redis.hgetall(this.keys.batch(batchId));
    if (hash.batchId === undefined) return undefined;
    const counts = Object.fromEntries(
      JOB_STEPS.map((step) => [step, Math.max(0, Number(hash[`n:${step}`] ?? 0))]),
    ) as Record<JobStep, number>;
    const summary: BatchSummary = {
      batchId,
      createdAt: Number(hash.createdAt ?? 0),
      outDir: hash.outDir ?? '',
      total: Number(hash.total ?? 0),
      counts,
      spent: round(Number(hash.spent ?? 0)),
      reserved: round(Number(hash.reserved ?? 0)),
    };
    if (hash.source) summary.source = hash.source;
    if (hash.budget !== undefined && hash.budget !== '') summary.budget = Number(hash.budget);
    return summary;
  }

  /** Batch ids, newest first. */
  async listBatches(limit = 20): Promise<string[]> {
    return this.redis.zrevrange(this.keys.batches, 0, limit - 1);
  }

  /** Applies a {@link Transition} to a job atomically. */
  async transition(jobId: string, batchId: string, change: Transition): Promise<TransitionResult> {
    const fields: string[] = [];
    for (const [field, value] of Object.entries(change.set)) {
      if (value === undefined) continue;
      fields.push(field, value === null ? DELETE : String(value));
    }
    const [ok, step, reason] = await this.redis.tkbTransition(
      this.keys.job(jobId),
      this.keys.batch(batchId),
      change.from === '*' ? '*' : change.from.join(','),
      change.attemptId ?? '',
      change.budget ?? '',
      String(change.credits ?? 0),
      randomUUID(),
      ...fields,
    );
    return ok === 1
      ? { ok: true, step: step as JobStep }
      : { ok: false, step: step as JobStep | '', reason: reason ?? 'refused' };
  }

  /** Last known status and progress of a job's task (informational; not part of any transition). */
  async setProgress(jobId: string, status: string, progress: number): Promise<void> {
    await this.redis.hset(this.keys.job(jobId), { status, progress: Math.round(progress) });
  }

  /** Writes a task id onto a job whatever its step: the last resort that keeps an id from being lost. */
  async keepTaskId(jobId: string, taskId: string): Promise<void> {
    await this.redis.hset(this.keys.job(jobId), 'lateTaskId', taskId);
  }

  /** A task id that arrived after its job had been parked, if any. */
  async lateTaskId(jobId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.keys.job(jobId), 'lateTaskId')) ?? undefined;
  }

  /** The shared limits, filling unset ones from `defaults` (first writer wins). */
  async ensureLimits(defaults: BatchLimits): Promise<BatchLimits> {
    const pipeline = this.redis.pipeline();
    for (const [field, value] of Object.entries(defaults)) pipeline.hsetnx(this.keys.limits, field, value);
    await pipeline.exec();
    return this.getLimits(defaults);
  }

  /** Overwrites some of the shared limits. */
  async setLimits(limits: Partial<BatchLimits>): Promise<void> {
    const defined = Object.entries(limits).filter(([, value]) => value !== undefined);
    if (defined.length > 0) await this.redis.hset(this.keys.limits, Object.fromEntries(defined));
  }

  async getLimits(defaults: BatchLimits = DEFAULT_LIMITS): Promise<BatchLimits> {
    const hash = await this.redis.hgetall(this.keys.limits);
    const read = (field: keyof BatchLimits): number => {
      const value = Number(hash[field]);
      return Number.isFinite(value) && value > 0 ? value : defaults[field];
    };
    return {
      maxTasksInFlight: read('maxTasksInFlight'),
      requestsPerSecond: read('requestsPerSecond'),
      burst: read('burst'),
    };
  }
}

function round(credits: number): number {
  return Math.round(credits * 100) / 100;
}
