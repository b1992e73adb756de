import { z } from 'zod';
import type { CreateTaskRequest } from '../client/requests/index.js';
import { TripoError } from '../errors.js';
import { type CreditEstimate, estimateCredits } from '../pricing.js';
import { TASK_TYPE_INFO } from '../task-types.js';
import { joinSentences } from '../text.js';
import { detail } from './json-schema.js';
import { rememberTask } from './recent-tasks.js';
import type { ToolContext, ToolResult } from './types.js';

/**
 * The result of every task-starting tool: the id, the expected cost, and how to wait for it. An agent acts on
 * the id and the next step; the rest (always `queued`, the price the description already gave) is in every
 * result but not advertised.
 */
export const taskStartedOutput = z.object({
  task_id: z.string(),
  task_type: detail(z.string()),
  status: detail(z.string()),
  estimated_credits: detail(z.number().optional()),
  cost_note: detail(z.string()),
  message: detail(z.string()),
  next_step: z.string(),
});
export type TaskStartedOutput = z.infer<typeof taskStartedOutput>;

function costNote(estimate: CreditEstimate): string {
  const charge = 'Credits are charged only if the task succeeds';
  return estimate.credits === null
    ? `${charge}; Tripo publishes no price for this, see credits_consumed when it ends.`
    : `About ${estimate.credits} credits. ${charge}; credits_consumed shows the real charge when it ends.`;
}

/** `estimated_credits` of a result: present only when Tripo publishes a price (optional, never null). */
export function creditsField(estimate: CreditEstimate): { estimated_credits?: number } {
  return estimate.credits === null ? {} : { estimated_credits: estimate.credits };
}

/** What a task-starting tool reports: the one shape every such tool shares. */
export function taskStartedResult(
  taskId: string,
  request: CreateTaskRequest,
  estimate: CreditEstimate = estimateCredits(request),
): ToolResult<TaskStartedOutput> {
  const duration = TASK_TYPE_INFO[request.type].typicalDuration;
  const structured: TaskStartedOutput = {
    task_id: taskId,
    task_type: request.type,
    status: 'queued',
    ...creditsField(estimate),
    cost_note: costNote(estimate),
    message: `Started ${request.type} task ${taskId}; it runs at Tripo and usually takes ${duration}.`,
    next_step: `Call wait_for_task with task_id ${taskId} to wait with live progress (call it again if it returns "still running"), then download_model to save the result. If you lose the id, list_recent_tasks has it.`,
  };
  return {
    text: joinSentences([structured.message, structured.cost_note, structured.next_step]),
    structured,
  };
}

/** Options of {@link startTask}. */
export interface StartTaskOptions {
  /** The tool starting it, recorded with the task. */
  tool: string;
  /** A short reminder of what was asked (e.g. the prompt) for `list_recent_tasks`. */
  summary?: string;
}

/**
 * Creates a task: sends the request once (the client never replays a create that may have reached Tripo),
 * reports the new id as the first progress event (so a caller that gives up early still has it), and
 * records it as started.
 * A create whose outcome is unknown is re-thrown with advice not to retry blindly.
 */
export async function startTask(
  context: ToolContext,
  request: CreateTaskRequest,
  options: StartTaskOptions,
): Promise<{ taskId: string; estimate: CreditEstimate }> {
  const estimate = estimateCredits(request);
  let taskId: string;
  try {
    ({ taskId } = await context.client.createTask(request, { signal: context.signal }));
  } catch (error) {
    if (error instanceof TripoError && error.code === 'outcome_unknown') {
      throw error.with({
        retryable: false,
        suggestion:
          'The request may have reached Tripo and may be running (and billed). Do not create it again yet: check list_recent_tasks and the balance (get_balance, frozen credits) first.',
      });
    }
    throw error;
  }
  await rememberTask(context.recentTasks, {
    taskId,
    type: request.type,
    tool: options.tool,
    origin: 'started',
    status: 'queued',
    outcome: 'queued',
    progress: 0,
    ...(options.summary ? { summary: options.summary } : {}),
    ...(estimate.credits !== null ? { estimatedCredits: estimate.credits } : {}),
  });
  context.onProgress({
    taskId,
    status: 'queued',
    progress: 0,
    message: `Task ${taskId} created (${request.type}); it is queued at Tripo.`,
  });
  return { taskId, estimate };
}

/** Starts a task and returns the shared task-started result: the whole `execute` of most task tools. */
export async function startTaskResult(
  context: ToolContext,
  request: CreateTaskRequest,
  options: StartTaskOptions,
): Promise<ToolResult<TaskStartedOutput>> {
  const { taskId, estimate } = await startTask(context, request, options);
  return taskStartedResult(taskId, request, estimate);
}
