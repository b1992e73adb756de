import { TASK_STATUSES, type TaskStatus } from '../client/task.js';
import { TripoError } from '../errors.js';
import type { TaskStatusOutput } from './status-result.js';
import type { ToolResult } from './types.js';

const OUTCOMES: ReadonlySet<string> = new Set(TASK_STATUSES);

function isTaskStatusOutput(value: unknown): value is TaskStatusOutput {
  if (typeof value !== 'object' || value === null) return false;
  const { task_id, outcome, terminal } = value as Record<string, unknown>;
  return typeof task_id === 'string' && typeof terminal === 'boolean' && OUTCOMES.has(outcome as string);
}

/**
 * Whether a tool result reports a task that ended without success: final (`terminal`) with any outcome but
 * `success` (failed, banned, expired, cancelled, or a status that stayed unknown). Every adapter reports such
 * a result as an error (MCP `isError`, an AI SDK tool error, a LangChain `ToolMessage` with status `error`),
 * still carrying the structured status; a task still going, or one that succeeded, is a normal result.
 */
export function endedWithoutSuccess(result: ToolResult<unknown>): boolean {
  const status = result.structured;
  return isTaskStatusOutput(status) && status.terminal && status.outcome !== ('success' satisfies TaskStatus);
}

/**
 * A tool call whose task ended without success (see {@link endedWithoutSuccess}): code `task_failed`, the
 * status's message with the task id, its `next_step` as the suggestion, Tripo's error code and whether creating
 * the task again may help. `result` is the call's own result (text and structured status), for the adapter
 * to pass on next to the error.
 */
export class TaskFailedError extends TripoError {
  override readonly name = 'TaskFailedError';
  /** The tool's result: the structured status (`outcome`, `failure_cause`, `next_step`, …) and its text. */
  readonly result: ToolResult<TaskStatusOutput>;

  constructor(result: ToolResult<TaskStatusOutput>) {
    const status = result.structured;
    const type = status.task_type ? ` (${status.task_type})` : '';
    super('task_failed', `Task ${status.task_id}${type}: ${status.status}. ${status.message}`, {
      taskId: status.task_id,
      suggestion: status.next_step,
      retryable: status.retryable,
      ...(status.error_code !== undefined ? { apiCode: status.error_code } : {}),
    });
    this.result = result;
  }
}

/**
 * The error an adapter reports for `result` when its task ended without success, else `undefined` (the
 * result is a normal one). The one place that decides it, so every adapter only maps it.
 *
 * @example
 * const result = await runTool(definition, args, options);
 * const failed = taskFailureOf(result);
 * if (failed) return reportError(failed, failed.result.structured);
 */
export function taskFailureOf(result: ToolResult<unknown>): TaskFailedError | undefined {
  if (!endedWithoutSuccess(result)) return undefined;
  return new TaskFailedError(result as ToolResult<TaskStatusOutput>);
}
