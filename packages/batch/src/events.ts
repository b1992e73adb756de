import type { JobStep } from './job-record.js';

/** A job's progress, as sent with BullMQ's `progress` event (`QueueEvents.on('progress')`). */
export interface BatchJobProgress {
  step: JobStep;
  taskId: string;
  /** Tripo's status of the task. */
  status: string;
  progress: number;
  /** The saved model, once `step` is `succeeded`. */
  path?: string;
  batchId?: string;
}

/** What a finished job returns (BullMQ's `completed` event carries it as `returnvalue`). */
export interface BatchJobResult {
  jobId: string;
  batchId: string;
  step: JobStep;
  taskId?: string;
  path?: string;
  credits: number;
}
