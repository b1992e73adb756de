import type { ParsedBatchJobInput } from './job-input.js';

/**
 * Where a job is. `queued` → `creating` (the create request may be on the wire) → `waiting` (the task id is
 * known) → `downloading` → `succeeded`; or `failed` (a reported failure) or `parked` (a create whose outcome is
 * unknown: it may or may not have made a paid task, so it waits for `reconcile` instead of being sent again).
 */
export type JobStep = 'queued' | 'creating' | 'waiting' | 'downloading' | 'succeeded' | 'failed' | 'parked';

/** Every step, in order. */
export const JOB_STEPS: readonly JobStep[] = [
  'queued',
  'creating',
  'waiting',
  'downloading',
  'succeeded',
  'failed',
  'parked',
];

/** Steps a job does not leave without a person (`retry-failed`, `reconcile`). */
export const SETTLED_STEPS: ReadonlySet<JobStep> = new Set(['succeeded', 'failed', 'parked']);

/** Why a job failed or was parked, in the words of core's `TripoError` and status interpretation. */
export interface JobError {
  /** `TripoError` code, a failure cause (`content_policy`, `server_error`, …), or `budget_exhausted`. */
  code: string;
  message: string;
  suggestion?: string;
  traceId?: string;
}

/** Where `retry-failed` picks a failed job up again. */
export type RetryFrom = 'create' | 'wait' | 'download';

/** What Redis holds about one job of a batch. */
export interface JobRecord {
  jobId: string;
  batchId: string;
  /** 0-based line of the batch. */
  index: number;
  input: ParsedBatchJobInput;
  /** Absolute folder of this job's model. */
  outDir: string;
  step: JobStep;
  /** The Tripo task, once created. Never dropped: an earlier one moves to `previousTaskIds`. */
  taskId?: string;
  previousTaskIds: string[];
  /** The create attempt that is (or was) on the wire. */
  attemptId?: string;
  /** Epoch ms when the create request was sent. */
  createStartedAt?: number;
  /** Last status Tripo reported, and its progress. */
  status?: string;
  progress: number;
  /** Credits reserved from the budget while the task is unsettled. */
  reserved: number;
  /** Credits the finished task consumed. */
  credits: number;
  error?: JobError;
  retryFrom?: RetryFrom;
  /** The saved model. */
  path?: string;
  bytes?: number;
  sha256?: string;
  updatedAt?: number;
}

function num(value: string | undefined, fallback = 0): number {
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
}

function json<T>(value: string | undefined, fallback: T): T {
  if (value === undefined) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

/** Reads a job hash (HGETALL) into a {@link JobRecord}; undefined for a missing job. */
export function parseJobRecord(jobId: string, hash: Record<string, string>): JobRecord | undefined {
  if (hash.step === undefined) return undefined;
  const record: JobRecord = {
    jobId,
    batchId: hash.batchId ?? '',
    index: num(hash.index),
    input: json<ParsedBatchJobInput>(hash.input, { options: {} }),
    outDir: hash.outDir ?? '',
    step: hash.step as JobStep,
    previousTaskIds: json<string[]>(hash.previousTaskIds, []),
    progress: num(hash.progress),
    reserved: num(hash.reserved),
    credits: num(hash.credits),
  };
  if (hash.taskId) record.taskId = hash.taskId;
  if (hash.attemptId) record.attemptId = hash.attemptId;
  if (hash.createStartedAt) record.createStartedAt = num(hash.createStartedAt);
  if (hash.status) record.status = hash.status;
  if (hash.error) record.error = json<JobError | undefined>(hash.error, undefined);
  if (hash.retryFrom) record.retryFrom = hash.retryFrom as RetryFrom;
  if (hash.path) record.path = hash.path;
  if (hash.bytes) record.bytes = num(hash.bytes);
  if (hash.sha256) record.sha256 = hash.sha256;
  if (hash.updatedAt) record.updatedAt = num(hash.updatedAt);
  return record;
}
