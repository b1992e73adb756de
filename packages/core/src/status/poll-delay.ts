import type { Task } from '../client/task.js';
import { expectedRemainingMs } from './remaining.js';

/**
 * The shortest time between two polls of one task. A waiter measures it from read to read: the pause before
 * a read aimed at a task's expected end is shortened by the time reads have been taking.
 */
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

/**
 * Poll again after a third of the time the task is expected to need: each read cuts the distance to the end
 * of a task whose estimate holds by a third (a 90 s task takes about a dozen reads), while an estimate that
 * turns out too long costs at most a third of it in lateness.
 */
const ETA_FRACTION = 1 / 3;
const UNKNOWN_STATUS_DELAY_MS = 10_000;
const BACKOFF_FACTOR = 1.5;
const MAX_BACKOFF_STEPS = 6;

/** Clamps a delay to the polling bounds. */
export function clampPollDelay(ms: number): number {
  if (!Number.isFinite(ms)) return MAX_POLL_DELAY_MS;
  return Math.min(MAX_POLL_DELAY_MS, Math.max(MIN_POLL_DELAY_MS, Math.round(ms)));
}

/**
 * When to look at a task again, in ms, without jitter: a fraction of its own time estimate (or of one
 * derived from its progress rate), else a default per status, stretched while nothing changes, and kept
 * within {@link MIN_POLL_DELAY_MS}–{@link MAX_POLL_DELAY_MS}.
 */
export function pollDelayMs(task: Task, ctx: PollDelayContext = {}): number {
  let base: number;
  const remaining = expectedRemainingMs(task, ctx.progressPerSecond);
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
  // An estimate that no longer moves is no guide: stretch from at least the shortest pause.
  if (steps > 0) base = Math.max(base, MIN_POLL_DELAY_MS);
  return clampPollDelay(base * BACKOFF_FACTOR ** steps);
}
