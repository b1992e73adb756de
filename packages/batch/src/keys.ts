import { createHash } from 'node:crypto';

/** Default prefix of every Redis key the batch engine writes (BullMQ's own keys included). */
export const DEFAULT_PREFIX = 'tripokit';

/**
 * A short, one-way fingerprint of an API key. Work for one key goes to its own queue and limiter, so that workers
 * holding key A never spend key B's credits; the key itself is never written to Redis.
 */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update(`tripokit-batch:${apiKey}`).digest('hex').slice(0, 16);
}

/** The Redis keys of one API key's batch engine. */
export interface BatchKeys {
  /** BullMQ queue name (BullMQ adds its own prefix). */
  readonly queueName: string;
  /** BullMQ key prefix. */
  readonly bullPrefix: string;
  /** Shared limits (hash): requests per second, burst, tasks in flight. */
  readonly limits: string;
  /** The request-rate bucket shared by every worker. */
  readonly rateBucket: string;
  /** Index of batches (sorted set by creation time). */
  readonly batches: string;
  batch(batchId: string): string;
  batchJobs(batchId: string): string;
  job(jobId: string): string;
}

/** The keys for one API key fingerprint under `prefix`. */
export function batchKeys(fingerprint: string, prefix = DEFAULT_PREFIX): BatchKeys {
  const base = `${prefix}:batch:${fingerprint}`;
  return {
    queueName: `batch-${fingerprint}`,
    bullPrefix: `${prefix}:bull`,
    limits: `${base}:limits`,
    rateBucket: `${base}:rate`,
    batches: `${base}:batches`,
    batch: (batchId) => `${base}:b:${batchId}`,
    batchJobs: (batchId) => `${base}:b:${batchId}:jobs`,
    job: (jobId) => `${base}:j:${jobId}`,
  };
}
