import type { Task, TaskStatus } from '../client/task.js';
import { clampPollDelay, MIN_POLL_DELAY_MS, pollDelayMs } from '../status/poll-delay.js';
import { expectedRemainingMs } from '../status/remaining.js';

/** ±20 %: enough to spread a thousand waiters that started together. */
const JITTER = 0.2;
/**
 * Once the task expects to end within this, the next read is aimed at its expected end instead of at a
 * fraction of the time left: one read lands just after the end rather than a string of reads creeping up on it.
 */
const AIM_WITHIN_MS = 3_000;
/** Read latency above this (a queue for a rate-capped slot) is not worth aiming around. */
const MAX_LATENCY_MS = 1_000;
/** Weight of the newest read latency in the running estimate. */
const LATENCY_WEIGHT = 0.5;

/**
 * Learns a task's pace from successive snapshots and says when to poll next: a fraction of the time the task
 * expects to need (its estimate, or its progress rate), stretched while nothing changes; near the expected end,
 * one read aimed at it. A read takes time of its own (a batch window, a queue for a request slot, the network),
 * so an aimed pause is shortened by the latency reads have shown, and the spacing of reads, not the pause,
 * keeps to {@link MIN_POLL_DELAY_MS}.
 */
export class PollPlanner {
  #lastStatus: TaskStatus | undefined;
  #lastProgress = -1;
  #unchanged = 0;
  #runningFrom: { at: number; progress: number } | undefined;
  #rate: number | undefined;
  #lastSeenAt: number | undefined;
  /** The pause planned after the last snapshot, until the next snapshot shows how long the read took. */
  #planned: number | undefined;
  /** How long reads have been taking (weighted towards the latest), once one has been timed. */
  #latencyMs: number | undefined;

  observe(task: Task, now: number): void {
    if (this.#planned !== undefined && this.#lastSeenAt !== undefined) {
      const latency = Math.min(MAX_LATENCY_MS, Math.max(0, now - this.#lastSeenAt - this.#planned));
      this.#latencyMs =
        this.#latencyMs === undefined
          ? latency
          : this.#latencyMs + LATENCY_WEIGHT * (latency - this.#latencyMs);
    }
    this.#planned = undefined;
    this.#lastSeenAt = now;

    if (task.status === this.#lastStatus && task.progress === this.#lastProgress) this.#unchanged += 1;
    else this.#unchanged = 0;
    this.#lastStatus = task.status;
    this.#lastProgress = task.progress;

    if (task.status !== 'running') {
      this.#runningFrom = undefined;
      this.#rate = undefined;
      return;
    }
    if (!this.#runningFrom) {
      this.#runningFrom = { at: now, progress: task.progress };
      return;
    }
    const seconds = (now - this.#runningFrom.at) / 1000;
    const moved = task.progress - this.#runningFrom.progress;
    if (seconds > 0 && moved > 0) this.#rate = moved / seconds;
  }

  /** The next pause in ms, jittered with `random` (a value in [0, 1)) and kept within the polling bounds. */
  nextDelay(task: Task, random: () => number): number {
    const delay = this.#aimedDelay(task) ?? this.#fractionDelay(task, random);
    this.#planned = delay;
    return delay;
  }

  /** A pause that lands the next read at the expected end, when it is near and the task is moving. */
  #aimedDelay(task: Task): number | undefined {
    if (this.#unchanged > 0) return undefined;
    const remaining = expectedRemainingMs(task, this.#rate);
    if (remaining === undefined || remaining > AIM_WITHIN_MS) return undefined;
    const latency = this.#latencyMs ?? 0;
    return Math.round(Math.max(MIN_POLL_DELAY_MS, remaining) - latency);
  }

  #fractionDelay(task: Task, random: () => number): number {
    const base = pollDelayMs(task, { progressPerSecond: this.#rate, unchangedPolls: this.#unchanged });
    const r = Math.min(1, Math.max(0, random()));
    return clampPollDelay(base * (1 + JITTER * (2 * r - 1)));
  }
}
