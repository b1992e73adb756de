import { z } from 'zod';
import { TaskId } from '../client/requests/index.js';
import { defineTool, READ_ONLY_REMOTE } from './define.js';
import { MAX_WAIT_SECONDS } from './settings.js';
import { statusText, taskStatusOutput, taskStatusResult } from './status-result.js';
import { waitWithDeadline } from './wait.js';

const input = z.strictObject({
  task_id: TaskId,
  timeout_seconds: z
    .number()
    .min(1)
    .max(MAX_WAIT_SECONDS)
    .optional()
    .describe("Default: the host's, about 45 s."),
});

/** `wait_for_task`: waits for a task with live progress, up to a deadline. */
export const waitForTaskTool = defineTool({
  name: 'wait_for_task',
  title: 'Wait for a task',
  description:
    'Waits for a task with live progress and returns its status (as get_task_status). Still running at the deadline: call it again; nothing is lost. Free. Then follow next_step (after success: download_model).',
  input,
  output: taskStatusOutput,
  annotations: READ_ONLY_REMOTE,
  async execute({ task_id, timeout_seconds }, context) {
    const seconds = timeout_seconds ?? context.waitSeconds;
    const { task, waitedSeconds, warning } = await waitWithDeadline(context, task_id, seconds);
    const result = await taskStatusResult(task, context, { tool: 'wait_for_task', waitedSeconds, warning });
    const { wait_message } = result.structured;
    return wait_message ? { ...result, text: statusText(result.structured, wait_message) } : result;
  },
});
