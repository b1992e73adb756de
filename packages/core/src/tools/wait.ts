import { TASK_STATUSES, type Task, type TaskStatus } from '../client/task.js';
import { TripoWaitTimeoutError } from '../errors.js';
import { taskProgressEvent } from './status-result.js';
import type { ToolContext } from './types.js';

/** What a bounded wait found. */
export interface DeadlineWait {
  /** The last snapshot: final when `deadlineReached` is false. */
  task: Task;
  /** True when the deadline came first; the task goes on at Tripo. */
  deadlineReached: boolean;
  waitedSeconds: number;
  /** Set when Tripo gave no snapshot in time: `task` is then the last status known here, not a fresh one. */
  warning?: string;
}

/**
 * The task as last known to this process, for a deadline that came before Tripo answered once: its recorded
 * status (`unknown` when it has none). Never a request: the deadline has passed.
 */
async function lastKnown(context: ToolContext, taskId: string): Promise<Task> {
  const known = await Promise.resolve(context.recentTasks.get(taskId)).catch(() => undefined);
  const status: TaskStatus = (TASK_STATUSES as readonly string[]).includes(known?.status ?? '')
    ? (known?.status as TaskStatus)
    : 'unknown';
  return {
    taskId,
    type: known?.type ?? '',
    status,
    rawStatus: status,
    progress: known?.progress ?? 0,
    output: {},
  };
}

/**
 * Waits for a task for at most `seconds`, forwarding each change as a progress event that carries the
 * task id. Reaching the deadline is a normal answer (`deadlineReached: true` with the last snapshot), never an
 * error, and comes on time whatever the API does: in-flight reads are cut at the deadline. Only a cancelled
 * call or a failing query throws.
 */
export async function waitWithDeadline(
  context: ToolContext,
  taskId: string,
  seconds: number,
): Promise<DeadlineWait> {
  const client = context.client;
  const started = client.clock.now();
  const waited = (): number => (client.clock.now() - started) / 1000;
  try {
    const task = await client.waitForTask(taskId, {
      timeoutMs: Math.max(0, seconds * 1000),
      signal: context.signal,
      onProgress: (snapshot, interpretation) =>
        context.onProgress(taskProgressEvent(snapshot, interpretation)),
    });
    return { task, deadlineReached: false, waitedSeconds: waited() };
  } catch (error) {
    if (!(error instanceof TripoWaitTimeoutError)) throw error;
    if (error.lastTask) return { task: error.lastTask, deadlineReached: true, waitedSeconds: waited() };
    return {
      task: await lastKnown(context, taskId),
      deadlineReached: true,
      waitedSeconds: waited(),
      warning: `Tripo did not answer within the ${Math.round(seconds)} s deadline, so this is the last status known here, not a fresh one; the task may well be running.`,
    };
  }
}
