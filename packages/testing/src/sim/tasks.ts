import type { ModelGeometry } from '../assets/model-geometry.js';
import type { Subject } from '../assets/subject.js';
import type { Outcome, ScriptedOutcome } from './outcomes.js';
import { TASK_CATALOGUE, type TaskType } from './task-types.js';
import type { Dialect, Params } from './types.js';

/** Simulated durations in virtual milliseconds (at speed 1). */
export interface SimTiming {
  /** Time in the queue before running. Default 3 000. */
  queuedMs: number;
  /** Running time of 3D tasks (generation, texture, rig, mesh edits). Default 60 000. */
  modelMs: number;
  /** Running time of image tasks. Default 15 000. */
  imageMs: number;
  /** Running time of quick post-processing (convert, stylize, import, pre-rig check). Default 5 000. */
  quickMs: number;
}

export const DEFAULT_TIMING: SimTiming = {
  queuedMs: 3_000,
  modelMs: 60_000,
  imageMs: 15_000,
  quickMs: 5_000,
};

/** A created task, as the simulator stores it. Its status is computed from time, never stored. */
export interface TaskRecord {
  id: string;
  type: TaskType;
  dialect: Dialect;
  /** Hash of the creating key: a task is only visible to that key. */
  owner: string;
  /** The JSON body as received. */
  body: unknown;
  /** Parameters normalised to the v2 vocabulary. */
  params: Params;
  createdAt: number;
  price: number;
  subject: Subject;
  /** How the subject's shape is meshed (smooth, low-poly, voxels); derived tasks inherit or change it. */
  geometry: ModelGeometry;
  /** The words the subject was read from (prompt, file name, …), kept for later derived tasks. */
  subjectText: string;
  /** Bytes of an imported GLB, served as this task's model. */
  importedModel?: Uint8Array;
  queuedMs: number;
  runningMs: number;
  /** Outcome fixed at creation (a per-task-id script can still override it). */
  outcome: ScriptedOutcome;
  /** Credits settled: charged on success, refunded on failure. */
  settled?: 'charged' | 'refunded';
  /** Output links carry this version; each query rotates it. */
  linkVersion: number;
  /** Links with a version at or below this answer 403 (an expired-link fault revoked them). */
  revokedThrough: number;
}

/** A task's state at one instant. */
export interface TaskState {
  /** Internal status: the v2 vocabulary, or a status string no client knows. */
  status: string;
  progress: number;
  /** Queue position while queued. */
  queuePosition?: number;
  /** Estimated real seconds left while queued or running. */
  secondsLeft?: number;
  /** success, failed, banned, expired or cancelled. */
  finalized: boolean;
  errorCode?: number;
  errorMessage?: string;
  completedAt?: number;
}

/** Running time of a task type under `timing`. */
export function runningMsFor(type: TaskType, timing: SimTiming): number {
  const d = TASK_CATALOGUE[type].duration;
  return d === 'model' ? timing.modelMs : d === 'image' ? timing.imageMs : timing.quickMs;
}

const STUCK_QUEUE_POSITION = 42;

function finalState(outcome: Outcome, at: number, progress: number): TaskState {
  switch (outcome.status) {
    case 'success':
      return { status: 'success', progress: 100, finalized: true, completedAt: at };
    case 'failed':
      return {
        status: 'failed',
        progress,
        finalized: true,
        completedAt: at,
        errorCode: outcome.errorCode ?? 1001,
        errorMessage: outcome.errorMessage ?? 'The task failed on the server.',
      };
    case 'banned':
      return {
        status: 'banned',
        progress,
        finalized: true,
        completedAt: at,
        errorCode: 2008,
        errorMessage: 'The input was rejected by the content policy.',
      };
    case 'expired':
      return {
        status: 'expired',
        progress,
        finalized: true,
        completedAt: at,
        errorCode: 2018,
        errorMessage: 'The task expired before it could finish.',
      };
    case 'cancelled':
      return { status: 'cancelled', progress, finalized: true, completedAt: at };
    default:
      throw new Error(`not a final outcome: ${outcome.status}`);
  }
}

/**
 * The state of a task at `now`: queued for `queuedMs`, then running with rising progress for `runningMs`,
 * then the outcome. A banned task ends right after the queue (moderation is quick). `speed` converts virtual
 * time left into the real seconds reported as `running_left_time`.
 */
export function taskStateAt(task: TaskRecord, outcome: ScriptedOutcome, now: number, speed = 1): TaskState {
  const queuedMs = outcome.queuedMs ?? task.queuedMs;
  const runningMs = outcome.runningMs ?? task.runningMs;
  const elapsed = Math.max(0, now - task.createdAt);
  const realSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / speed / 1000));

  if (outcome.status === 'stuck') {
    return { status: 'queued', progress: 0, queuePosition: STUCK_QUEUE_POSITION, finalized: false };
  }
  if (elapsed < queuedMs) {
    const left = queuedMs - elapsed;
    return {
      status: 'queued',
      progress: 0,
      queuePosition: Math.max(1, Math.ceil(left / 1000)),
      secondsLeft: realSeconds(left + runningMs),
      finalized: false,
    };
  }
  if (outcome.status === 'banned') return finalState(outcome, task.createdAt + queuedMs, 0);
  const runElapsed = elapsed - queuedMs;
  const endAt = task.createdAt + queuedMs + runningMs;
  if (runElapsed < runningMs) {
    return {
      status: 'running',
      progress: Math.min(99, Math.max(1, Math.floor((runElapsed / runningMs) * 100))),
      secondsLeft: realSeconds(runningMs - runElapsed),
      finalized: false,
    };
  }
  if (outcome.status === 'unknown' || outcome.status === 'novel') {
    const forMs = outcome.forMs ?? Infinity;
    if (now < endAt + forMs) {
      return {
        status: outcome.status === 'unknown' ? 'unknown' : (outcome.value ?? 'moderating'),
        progress: 99,
        finalized: false,
      };
    }
    return finalState({ status: 'success' }, endAt + forMs, 100);
  }
  return finalState(outcome, endAt, 99);
}
