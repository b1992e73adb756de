import type { Task } from '../client/task.js';

/** The shortest pause between two polls of one task. */
export const MIN_POLL_DELAY_MS = 1_000;
/** The longest pause between two polls of one task. */
export const MAX_POLL_DELAY_MS = 15_000;

/** What a poller has learnt about a task beyond its latest snapshot. */
export interface PollDelayContext {
  /** Progress observed per second while running, when it moved. */
  progressPerSecond?: number;
  /** Polls in a row that saw neither status nor progress change. */
  unchangedPolls?: number;
}

/** Poll again after a quarter of the time the task is expected to need: close to the end, not wastefully often. */
const ETA_FRACTION = 0.25;
const UNKNOWN_STATUS_DELAY_MS = 10_000;
const BACKOFF_FACTOR = 1.5;
const MAX_BACKOFF_STEPS = 6;

/** Clamps a delay to the polling bounds. */
export function clampPollDelay(ms: number): number {
  if (!Number.isFinite(ms)) return MAX_POLL_DELAY_MS;
  return Math.min(MAX_POLL_DELAY_MS, Math.max(MIN_POLL_DELAY_MS, Math.round(ms)));
}

function expectedRemainingMs(task: Task, ctx: PollDelayContext): number | undefined {
  if (task.etaSeconds !== undefined && task.etaSeconds > 0) return task.etaSeconds * 1000;
  const rate = ctx.progressPerSecond;
  if (task.status === 'running' && rate !== undefined && rate > 0 && task.progress < 100) {
    return ((100 - task.progress) / rate) * 1000;
  }
  return undefined;
}

/**
 * When to look at a task again, in ms, without jitter: a fraction of its own time estimate (or of one
 * derived from its progress rate), else a default per status, stretched while nothing changes, and kept
 * within {@link MIN_POLL_DELAY_MS}–{@link MAX_POLL_DELAY_MS}.
 */
export function pollDelayMs(task: Task, ctx: PollDelayContext = {}): number {
  let base: number;
  const remaining = expectedRemainingMs(task, ctx);
  if (remaining !== undefined) {
    base = remaining * ETA_FRACTION;
  } else if (task.status === 'queued') {
    base =
      task.queuePosition !== undefined && task.queuePosition >= 0
        ? 2_000 + task.queuePosition * 1_000
        : 3_000;
  } else if (task.status === 'unknown') {
    base = UNKNOWN_STATUS_DELAY_MS;
  } else {
    base = 2_000;
  }
  const steps = Math.min(MAX_BACKOFF_STEPS, Math.max(0, ctx.unchangedPolls ?? 0));
  return clampPollDelay(base * BACKOFF_FACTOR ** steps);
}
