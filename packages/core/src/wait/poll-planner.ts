import type { Task, TaskStatus } from '../client/task.js';
import { clampPollDelay, pollDelayMs } from '../status/poll-delay.js';

/** ±20 %: enough to spread a thousand waiters that started together. */
const JITTER = 0.2;

/** Learns a task's pace from successive snapshots and says when to poll next. */
export class PollPlanner {
  #lastStatus: TaskStatus | undefined;
  #lastProgress = -1;
  #unchanged = 0;
  #runningFrom: { at: number; progress: number } | undefined;
  #rate: number | undefined;

  observe(task: Task, now: number): void {
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
    const base = pollDelayMs(task, { progressPerSecond: this.#rate, unchangedPolls: this.#unchanged });
    const r = Math.min(1, Math.max(0, random()));
    return clampPollDelay(base * (1 + JITTER * (2 * r - 1)));
  }
}
