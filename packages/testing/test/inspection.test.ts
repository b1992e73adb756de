import { describe, expect, it } from 'vitest';
import { FakeClock, TripoSimulator } from '../src/index.js';
import { api, KEY, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();

describe('inspection API', () => {
  it('records which tasks a query or a batch query asked about', async () => {
    const { sim } = makeSim();
    const v3 = api(sim.apiBase('v3'));
    const create = () => v3.post('/generation/text-to-model', { prompt: 'a cube' });
    const a = (await create()).json.data.task_id as string;
    const b = (await create()).json.data.task_id as string;
    await v3.get(`/tasks/${a}`);
    await v3.post('/tasks/list', { task_ids: [a, b, 'not-a-task'] });
    expect(sim.requests.map((r) => r.taskIds)).toEqual([undefined, undefined, [a], [a, b, 'not-a-task']]);
  });

  it('records tasks with their bodies, requests without keys, and file-host auth headers', async () => {
    const { sim, clock } = makeSim();
    const v3 = api(sim.apiBase('v3'));
    const body = { prompt: 'a silver ring', model: 'v3.1-20260211', texture_quality: 'detailed' };
    const id = (await v3.post('/generation/text-to-model', body)).json.data.task_id;
    await api(sim.apiBase('v2'), null).get('/user/balance');
    expect(sim.tasks).toEqual([
      expect.objectContaining({
        taskId: id,
        dialect: 'v3',
        type: 'text_to_model',
        body,
        params: { prompt: 'a silver ring', model_version: 'v3.1-20260211', texture_quality: 'detailed' },
        status: 'queued',
        price: 30,
        creditsConsumed: 0,
      }),
    ]);
    expect(
      sim.requests.map(({ method, path, dialect, authPresent, status }) => ({
        method,
        path,
        dialect,
        authPresent,
        status,
      })),
    ).toEqual([
      { method: 'POST', path: '/v3/generation/text-to-model', dialect: 'v3', authPresent: true, status: 200 },
      { method: 'GET', path: '/v2/openapi/user/balance', dialect: 'v2', authPresent: false, status: 401 },
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain(KEY);
    clock.advance(3_600_000);
    const url = (await v3.get(`/tasks/${id}`)).json.data.output.model_url;
    await fetch(url);
    await fetch(url, { headers: { authorization: `Bearer ${KEY}` } });
    expect(sim.fileRequests.map((r) => r.authorizationSent)).toEqual([false, true]);
    expect(sim.tasks[0]).toMatchObject({ status: 'success', creditsConsumed: 30 });
  });

  it('computes state from time, so the same instant always gives the same answer', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const sim = new TripoSimulator({ clock, timing: { queuedMs: 1000, modelMs: 10_000 } });
    expect(sim.apiBase('v2')).toBe('http://tripo.test/v2/openapi');
    const headers = { authorization: 'Bearer tsk_x', 'content-type': 'application/json' };
    const call = async (path: string, body?: unknown) =>
      (
        await (
          await sim.handle(
            new Request(`${sim.apiBase('v2')}${path}`, {
              method: body ? 'POST' : 'GET',
              headers,
              ...(body ? { body: JSON.stringify(body) } : {}),
            }),
          )
        ).json()
      ).data;
    const id = (await call('/task', { type: 'text_to_model', prompt: 'a cube', texture: false, pbr: false }))
      .task_id;
    const snapshots: string[] = [];
    for (const step of [0, 0, 6000, 0, 10_000]) {
      clock.advance(step);
      const { status, progress, running_left_time, queuing_num } = await call(`/task/${id}`);
      snapshots.push(`${status}:${progress}:${running_left_time}:${queuing_num}`);
    }
    expect(snapshots).toEqual([
      'queued:0:11:1',
      'queued:0:11:1',
      'running:50:5:-1',
      'running:50:5:-1',
      'success:100:-1:-1',
    ]);
    expect(sim.balance).toEqual({ balance: 2990, frozen: 0 });
    sim.setBalance(5);
    expect(sim.balance.balance).toBe(5);
  });
});
