/**
 * `@tripokit/batch`: a durable batch engine for Tripo on BullMQ/Redis.
 * Any new export added here becomes public API: named exports only.
 */

export {
  type BatchEventListener,
  type EnqueueOptions,
  type EnqueueResult,
  type ReconcileAction,
  type ReconcileOutcome,
  TripoBatch,
} from './batch.js';
export type { BatchConnectionOptions } from './engine.js';
export type { BatchJobProgress, BatchJobResult } from './events.js';
export { BatchJobInput, type ParsedBatchJobInput } from './job-input.js';
export { JOB_STEPS, type JobError, type JobRecord, type JobStep, type RetryFrom } from './job-record.js';
export { connectRedis, REDIS_URL_ENV } from './redis.js';
export { type BatchLimits, type BatchSummary, DEFAULT_LIMITS } from './store.js';
export { RedisTaskStore, type RedisTaskStoreOptions } from './task-store.js';
export { type BatchWorker, type BatchWorkerOptions, startBatchWorker } from './worker.js';
