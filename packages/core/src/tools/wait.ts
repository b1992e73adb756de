import type { Task } from '../client/task.js';
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
}

/**
 * Waits for a task for at most `seconds`, forwarding each change as a progress event that carries the
 * task id. Reaching the deadline is a normal answer (`deadlineReached: true` with the last snapshot), never an
 * error; only a cancelled call or a failing query throws.
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
    const task = error.lastTask ?? (await client.getTask(taskId, { signal: context.signal }));
    return { task, deadlineReached: true, waitedSeconds: waited() };
  }
}
