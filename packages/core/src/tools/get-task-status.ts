import { z } from 'zod';
import { TaskId } from '../client/requests/index.js';
import { defineTool, READ_ONLY_REMOTE } from './define.js';
import { MAX_WAIT_SECONDS } from './settings.js';
import { taskStatusOutput, taskStatusResult } from './status-result.js';
import { waitWithDeadline } from './wait.js';

const input = z.strictObject({
  task_id: TaskId.describe('The id returned when the task was created.'),
  wait_seconds: z
    .number()
    .min(0)
    .max(MAX_WAIT_SECONDS)
    .default(0)
    .describe('Seconds to wait for the task to finish before answering (default 0: answer at once).'),
});

/** `get_task_status`: what a task is doing now, what it means, and what to do next. */
export const getTaskStatusTool = defineTool({
  name: 'get_task_status',
  title: 'Get task status',
  description:
    "Reports a Tripo task's status once: status, progress, what it means and what to do next; on success the model_url, pbr_model_url, base_model_url and rendered_image_url links (they expire within minutes: save with download_model); on failure the cause and specific advice (content policy, credits, server error, expiry…). Free. Prefer wait_for_task to wait for a running task instead of calling this repeatedly; wait_seconds > 0 makes this call wait that long first.",
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
