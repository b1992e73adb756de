import { z } from 'zod';
import { joinSentences } from '../text.js';
import { defineTool, READ_ONLY_LOCAL } from './define.js';
import { detail } from './json-schema.js';
import type { RecentTask } from './recent-tasks.js';

const input = z.strictObject({
  limit: z.int().min(1).max(100).default(20),
  started_only: z.boolean().default(false).describe('Only tasks this session created.'),
});

const recentTask = z.object({
  task_id: z.string(),
  task_type: z.string().optional(),
  tool: detail(z.string().optional()),
  origin: detail(z.enum(['started', 'observed'])),
  status: z.string(),
  outcome: detail(z.string().optional()),
  progress: detail(z.number()),
  summary: z.string().optional(),
  estimated_credits: detail(z.number().optional()),
  downloaded_path: z.string().optional(),
  first_seen_at: detail(z.string()),
  updated_at: detail(z.string()),
});

const output = z.object({
  count: detail(z.number()),
  tasks: z.array(recentTask),
});

function toOutput(task: RecentTask): z.infer<typeof recentTask> {
  return {
    task_id: task.taskId,
    ...(task.type ? { task_type: task.type } : {}),
    ...(task.tool ? { tool: task.tool } : {}),
    origin: task.origin,
    status: task.status,
    ...(task.outcome ? { outcome: task.outcome } : {}),
    progress: task.progress,
    ...(task.summary ? { summary: task.summary } : {}),
    ...(task.estimatedCredits !== undefined ? { estimated_credits: task.estimatedCredits } : {}),
    ...(task.downloadedPath ? { downloaded_path: task.downloadedPath } : {}),
    first_seen_at: new Date(task.firstSeenAt).toISOString(),
    updated_at: new Date(task.updatedAt).toISOString(),
  };
}

/** `list_recent_tasks`: the tasks this process started or looked at, with their last known status. */
export const listRecentTasksTool = defineTool({
  name: 'list_recent_tasks',
  title: 'List recent tasks',
  description:
    'Lists the tasks this session started or looked up, newest first, with their last known status (from memory; free). Use it when a task_id was lost, or after an outcome-unknown error before creating again.',
  input,
  output,
  annotations: READ_ONLY_LOCAL,
  async execute({ limit, started_only }, context) {
    const tasks = (
      await context.recentTasks.list({ limit, ...(started_only ? { origin: 'started' as const } : {}) })
    ).map(toOutput);
    const lines = tasks
      .slice(0, 8)
      .map(
        (t) =>
          `${t.task_id} (${t.task_type ?? 'task'}, ${t.status}${t.summary ? `, "${t.summary.slice(0, 40)}"` : ''})`,
      );
    return {
      text:
        tasks.length === 0
          ? 'No tasks recorded in this session yet.'
          : joinSentences([
              `${tasks.length} recent task${tasks.length === 1 ? '' : 's'}, newest first: ${lines.join('; ')}${tasks.length > lines.length ? '; …' : ''}.`,
              'Statuses are the last known ones; call get_task_status for the current state.',
            ]),
      structured: { count: tasks.length, tasks },
    };
  },
});
