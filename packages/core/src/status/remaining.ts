import type { Task } from '../client/task.js';

/**
 * How long a task is expected to need still, in ms: its own estimate (`etaSeconds`), else one derived from the
 * progress rate seen while running; `undefined` when neither is known.
 */
export function expectedRemainingMs(task: Task, progressPerSecond: number | undefined): number | undefined {
  if (task.etaSeconds !== undefined && Number.isFinite(task.etaSeconds) && task.etaSeconds > 0) {
    return task.etaSeconds * 1000;
  }
  if (
    task.status === 'running' &&
    progressPerSecond !== undefined &&
    progressPerSecond > 0 &&
    task.progress < 100
  ) {
    return ((100 - task.progress) / progressPerSecond) * 1000;
  }
  return undefined;
}
