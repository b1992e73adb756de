import type { Task } from '../client/task.js';
import { excerpt } from '../text.js';

/** "12 s", "3 min", "1 h 5 min": rounded the way a person reads a countdown. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function percent(task: Task): number {
  return Math.min(100, Math.max(0, Math.round(task.progress)));
}

/** Seconds left, when the task gave a usable estimate. */
export function usableEta(task: Task): number | undefined {
  return task.etaSeconds !== undefined && Number.isFinite(task.etaSeconds) && task.etaSeconds > 0
    ? task.etaSeconds
    : undefined;
}

/**
 * A one-line progress label for progress bars and notifications, e.g. "Queued (position 3)",
 * "Running: 45%, about 30 s left", "Succeeded", "Failed (code 2010)".
 */
export function describeProgress(task: Task): string {
  switch (task.status) {
    case 'queued':
      return task.queuePosition !== undefined && task.queuePosition > 0
        ? `Queued (position ${task.queuePosition})`
        : 'Queued';
    case 'running': {
      const eta = usableEta(task);
      return eta === undefined
        ? `Running: ${percent(task)}%`
        : `Running: ${percent(task)}%, about ${formatDuration(eta)} left`;
    }
    case 'success':
      return 'Succeeded';
    case 'failed':
      return task.errorCode === undefined ? 'Failed' : `Failed (code ${task.errorCode})`;
    case 'banned':
      return 'Rejected by content policy';
    case 'expired':
      return 'Expired';
    case 'cancelled':
      return 'Cancelled';
    case 'unknown':
      return task.rawStatus && task.rawStatus !== 'unknown'
        ? `Status unknown ("${excerpt(task.rawStatus, 40)}")`
        : 'Status unknown';
  }
}
