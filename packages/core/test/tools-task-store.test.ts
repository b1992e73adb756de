import { describe, expect, it } from 'vitest';
import { type RecentTask, RecentTasks, type RecentTaskUpdate, type TaskStore } from '../src/index.js';
import { useToolHarness } from './tools-harness.js';

/** A store that answers later, as a shared one (Redis, a database) does. */
class SlowStore implements TaskStore {
  readonly inner = new RecentTasks();
  readonly calls: string[] = [];
  async record(update: RecentTaskUpdate): Promise<RecentTask> {
    this.calls.push(`record ${update.taskId}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return this.inner.record(update);
  }
  async get(taskId: string): Promise<RecentTask | undefined> {
    return this.inner.get(taskId);
  }
  async list(options?: { limit?: number; origin?: RecentTask['origin'] }): Promise<RecentTask[]> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return this.inner.list(options);
  }
}

describe('a task store given by the host', () => {
  const h = useToolHarness();

  it('may answer asynchronously: the tools wait for it, so a task is listed as soon as its call returns', async () => {
    const store = new SlowStore();
    h.config.recentTasks = store;
    const created = await h.call('create_3d_model_from_text', { prompt: 'a red lamp' });
    const taskId = created.result?.task_id as string;
    expect(store.inner.get(taskId)).toMatchObject({ origin: 'started', status: 'queued' });

    await h.call('wait_for_task', { task_id: taskId, timeout_seconds: 600 });
    await h.call('download_model', { task_id: taskId });
    const listed = await h.call('list_recent_tasks', {});
    expect(listed.result?.tasks).toEqual([
      expect.objectContaining({ task_id: taskId, status: 'success', downloaded_path: expect.any(String) }),
    ]);
    expect(h.recent.size).toBe(0); // the harness's own in-memory store was not used
  });

  it('that fails does not fail a call whose task was created: the result still carries the task id', async () => {
    h.config.recentTasks = {
      record: async () => {
        throw new Error('store unreachable');
      },
      get: async () => undefined,
      list: async () => [],
    };
    const created = await h.call('create_3d_model_from_text', { prompt: 'a blue lamp' });
    expect(created.error).toBeUndefined();
    expect(h.sim.tasks.map((t) => t.taskId)).toEqual([created.result?.task_id]);
  });
});
