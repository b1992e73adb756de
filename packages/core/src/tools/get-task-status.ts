import { z } from 'zod';
import { TaskId } from '../client/requests/index.js';
import { defineTool, READ_ONLY_REMOTE } from './define.js';
import { MAX_WAIT_SECONDS } from './settings.js';
import { taskStatusOutput, taskStatusResult } from './status-result.js';
import { waitWithDeadline } from './wait.js';

const input = z.strictObject({
  task_id: TaskId,
  wait_seconds: z
    .number()
    .min(0)
    .max(MAX_WAIT_SECONDS)
    .default(0)
    .describe('Wait up to this long for the task to end (default 0).'),
});

/** `get_task_status`: what a task is doing now, what it means, and what to do next. */
export const getTaskStatusTool = defineTool({
  name: 'get_task_status',
  title: 'Get task status',
  description:
    'Reports a task once: its status, what it means and next_step (after a failure: the cause and advice). Free. To wait, use wait_for_task, not repeated calls.',
  input,
  output: taskStatusOutput,
  annotations: READ_ONLY_REMOTE,
  async execute({ task_id, wait_seconds }, context) {
    if (wait_seconds > 0) {
      const { task, waitedSeconds, warning } = await waitWithDeadline(context, task_id, wait_seconds);
      return await taskStatusResult(task, context, { tool: 'get_task_status', waitedSeconds, warning });
    }
    const task = await context.client.getTask(task_id, { signal: context.signal });
    return await taskStatusResult(task, context, { tool: 'get_task_status' });
  },
});
