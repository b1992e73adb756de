import { RecentTasks, type RecentTaskUpdate } from '@tripokit/core';
import { hasRedisServer, type RedisServer, startRedisServer } from '@tripokit/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisTaskStore } from '../src/index.js';

describe.skipIf(!hasRedisServer())('the Redis task store', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer({ name: 'task-store' });
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('merges updates exactly as the in-memory store does, and two stores on one key see the same tasks', async () => {
    let now = 1_000;
    const a = new RedisTaskStore({ redis: redis.url, apiKey: 'tsk_a', now: () => now, limit: 3 });
    const b = new RedisTaskStore({ redis: redis.url, apiKey: 'tsk_a', now: () => now, limit: 3 });
    const other = new RedisTaskStore({ redis: redis.url, apiKey: 'tsk_other', now: () => now });
    const memory = new RecentTasks({ now: () => now, limit: 3 });
    const updates: RecentTaskUpdate[] = [
      {
        taskId: 't1',
        origin: 'started',
        status: 'queued',
        progress: 0,
        summary: 'x'.repeat(200),
        tool: 'create',
      },
      { taskId: 't1', origin: 'observed', status: 'running', progress: 40 },
      { taskId: 't1', status: 'running', progress: 20 }, // progress never goes back
      { taskId: 't2', status: 'success', progress: 100, downloadedPath: '/m/t2.glb' },
      { taskId: 't3', status: 'queued' },
      { taskId: 't4', status: 'queued' }, // the oldest (t1) is dropped at the limit of 3
    ];
    try {
      for (const [i, update] of updates.entries()) {
        now = 1_000 + i;
        await (i % 2 === 0 ? a : b).record(update);
        memory.record(update);
      }
      expect(await a.list()).toEqual(memory.list());
      expect(await b.list({ limit: 2 })).toEqual(memory.list({ limit: 2 }));
      expect(await b.get('t2')).toEqual(memory.get('t2'));
      expect(await a.get('t1')).toBeUndefined();
      expect(await other.list()).toEqual([]);

      now = 2_000;
      await b.record({ taskId: 't3', origin: 'started', progress: 10 });
      memory.record({ taskId: 't3', origin: 'started', progress: 10 });
      expect(await a.list({ origin: 'started' })).toEqual(memory.list({ origin: 'started' }));
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  });
});
