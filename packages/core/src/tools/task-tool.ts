import type { z } from 'zod';
import type { CreateTaskRequest } from '../client/requests/index.js';
import { STARTS_TASK } from './define.js';
import { startTaskResult, taskStartedOutput } from './task-started.js';
import type { ToolAnnotations, ToolContext, ToolDefinition } from './types.js';

/** What a task-starting tool says about itself, and how its input becomes one task request. */
export interface TaskToolSpec<N extends string, I extends z.ZodType> {
  name: N;
  title: string;
  description: string;
  input: I;
  /** Default {@link STARTS_TASK}: each call starts a task that may cost credits. */
  annotations?: ToolAnnotations;
  /** The request to send; it may upload local files first (see `resolveFileReference`). */
  request(params: z.output<I>, context: ToolContext): CreateTaskRequest | Promise<CreateTaskRequest>;
  /** A short reminder of what was asked (e.g. the prompt) for `list_recent_tasks`. */
  summary(params: z.output<I>): string | undefined;
}

/**
 * A tool that starts one Tripo task and returns at once with the shared task-started result (id, price,
 * next step): the whole shape of most task tools, so each file holds only what differs.
 */
export function defineTaskTool<const N extends string, I extends z.ZodType>(
  spec: TaskToolSpec<N, I>,
): ToolDefinition<I, typeof taskStartedOutput> & { name: N } {
  const { request, summary, annotations = STARTS_TASK, ...about } = spec;
  return {
    ...about,
    output: taskStartedOutput,
    annotations,
    async execute(params, context) {
      return startTaskResult(context, await request(params, context), {
        tool: spec.name,
        summary: summary(params),
      });
    },
  };
}
