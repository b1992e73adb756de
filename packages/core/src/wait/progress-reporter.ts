import type { Task, TaskStatus } from '../client/task.js';
import { type InterpretOptions, interpretTask, type TaskInterpretation } from '../status/interpret.js';
import type { WaitProgressListener } from './types.js';

/** Queued comes before running; an unknown status sits beside running; final statuses come last. */
const STATUS_RANK: Readonly<Record<TaskStatus, number>> = {
  queued: 0,
  running: 1,
  unknown: 1,
  success: 2,
  failed: 2,
  banned: 2,
  expired: 2,
  cancelled: 2,
};

/**
 * Turns a stream of task snapshots (polls and pushes, possibly stale or out of step) into progress events
 * that only move forward: a status change or higher progress, never lower progress or an earlier phase.
 */
export class ProgressReporter {
  #rank = -1;
  #status: TaskStatus | undefined;
  #progress = 0;
  readonly #listener: WaitProgressListener | undefined;

  constructor(listener: WaitProgressListener | undefined) {
    this.#listener = listener;
  }

  /** Interprets `task` as the listener would see it and reports it when it moved forward. */
  observe(task: Task, options: InterpretOptions): TaskInterpretation {
    const progress = Math.max(this.#progress, Number.isFinite(task.progress) ? task.progress : 0);
    const shown = progress === task.progress ? task : { ...task, progress };
    const interpretation = interpretTask(shown, options);
    const rank = STATUS_RANK[task.status];
    const forward =
      rank > this.#rank ||
      (rank === this.#rank && (task.status !== this.#status || progress > this.#progress));
    if (forward) {
      this.#rank = rank;
      this.#status = task.status;
      this.#progress = progress;
      this.#emit(shown, interpretation);
    }
    return interpretation;
  }

  #emit(task: Task, interpretation: TaskInterpretation): void {
    if (!this.#listener) return;
    // A failing progress sink (e.g. a closed notification channel) must not end a long wait.
    try {
      const result = this.#listener(task, interpretation);
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // ignored on purpose, see above
    }
  }
}
