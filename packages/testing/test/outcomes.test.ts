import { describe, expect, it } from 'vitest';
import { api, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();
const HOUR = 3_600_000;

async function createV2(sim: { apiBase(d: 'v2' | 'v3'): string }, prompt: string) {
  return (await api(sim.apiBase('v2')).post('/task', { type: 'text_to_model', prompt })).json.data
    .task_id as string;
}
async function createV3(sim: { apiBase(d: 'v2' | 'v3'): string }, prompt: string) {
  return (await api(sim.apiBase('v3')).post('/generation/text-to-model', { prompt })).json.data
    .task_id as string;
}

describe('built-in prompt keywords', () => {
  it.each([
    ['forbidden', { status: 'banned', error_code: 2008 }, { status: 'banned', error_code: 2008 }],
    ['doomed', { status: 'failed', error_code: 1001 }, { status: 'failed', error_code: 1001 }],
    ['stale', { status: 'expired' }, { status: 'expired' }],
    ['abandoned', { status: 'cancelled' }, { status: 'cancelled' }],
  ])('"%s" ends the task as v2 %o / v3 %o and refunds the credits', async (word, v2Want, v3Want) => {
    const { sim, clock } = makeSim();
    const a = await createV2(sim, `a ${word} teapot`);
    const b = await createV3(sim, `a ${word} teapot`);
    expect(sim.balance.frozen).toBeGreaterThan(0);
    clock.advance(HOUR);
    const t2 = (await api(sim.apiBase('v2')).get(`/task/${a}`)).json.data;
    const t3 = (await api(sim.apiBase('v3')).get(`/tasks/${b}`)).json.data;
    expect(t2).toMatchObject({ ...v2Want, consumed_credit: 0, output: {} });
    expect(t3).toMatchObject({ ...v3Want, credits_consumed: 0, output: {} });
    expect(sim.balance).toEqual({ balance: 3000, frozen: 0 });
  });

  it('"uncertain" reports unknown for a while, then succeeds', async () => {
    const { sim, clock } = makeSim();
    const id = await createV2(sim, 'an uncertain vase');
    clock.advance(sim.timing.queuedMs + sim.timing.modelMs + 1000);
    expect((await api(sim.apiBase('v2')).get(`/task/${id}`)).json.data.status).toBe('unknown');
    expect(sim.balance.frozen).toBe(20);
    clock.advance(20_000);
    expect((await api(sim.apiBase('v2')).get(`/task/${id}`)).json.data.status).toBe('success');
  });

  it('"mysterious" reports a status no client knows, in both dialects', async () => {
    const { sim, clock } = makeSim();
    const a = await createV2(sim, 'a mysterious orb');
    const b = await createV3(sim, 'a mysterious orb');
    clock.advance(sim.timing.queuedMs + sim.timing.modelMs + 1000);
    expect((await api(sim.apiBase('v2')).get(`/task/${a}`)).json.data.status).toBe('moderating');
    expect((await api(sim.apiBase('v3')).get(`/tasks/${b}`)).json.data.status).toBe('moderating');
  });

  it('"stuck" stays queued with a fixed queue position', async () => {
    const { sim, clock } = makeSim();
    const id = await createV3(sim, 'a stuck robot');
    clock.advance(24 * HOUR);
    const t = (await api(sim.apiBase('v3')).get(`/tasks/${id}`)).json.data;
    expect(t).toMatchObject({ status: 'queued', progress: 0, queuing_num: 42 });
  });

  it('"offensive" is rejected at creation with 400 / 2008 and creates nothing', async () => {
    const { sim } = makeSim();
    const v3 = await api(sim.apiBase('v3')).post('/generation/text-to-model', {
      prompt: 'something offensive',
    });
    const v2 = await api(sim.apiBase('v2')).post('/task', {
      type: 'text_to_model',
      prompt: 'something offensive',
    });
    expect(v3.status).toBe(400);
    expect(v3.json).toMatchObject({
      code: 2008,
      status: 'error',
      request_id: v3.headers.get('x-tripo-trace-id'),
    });
    expect(v2.status).toBe(400);
    expect(v2.json).toMatchObject({
      code: 2008,
      message: expect.any(String),
      suggestion: expect.any(String),
    });
    expect(sim.tasks).toEqual([]);
  });
});

describe('scripted outcomes', () => {
  it('scripts a task by id after creation', async () => {
    const { sim, clock } = makeSim();
    const id = await createV3(sim, 'a chair');
    sim.script({ taskId: id }, { status: 'failed', errorCode: 1000, errorMessage: 'GPU on fire' });
    clock.advance(HOUR);
    expect((await api(sim.apiBase('v3')).get(`/tasks/${id}`)).json.data).toMatchObject({
      status: 'failed',
      error_code: 1000,
      error_message: 'GPU on fire',
    });
  });

  it('scripts by task type a limited number of times, with custom timing', async () => {
    const { sim, clock } = makeSim();
    const handle = sim.script(
      { type: 'text_to_model' },
      { status: 'cancelled', queuedMs: 0, runningMs: 1000 },
      { times: 1 },
    );
    const first = await createV3(sim, 'a lamp');
    const second = await createV3(sim, 'a lamp');
    expect(handle.uses).toBe(1);
    clock.advance(1000);
    expect(sim.task(first)?.status).toBe('cancelled');
    expect(sim.task(second)?.status).toBe('queued');
  });

  it('scripts by a custom keyword, including an unknown status forever', async () => {
    const { sim, clock } = makeSim();
    sim.script('purple', { status: 'unknown' });
    const id = await createV2(sim, 'a purple hat');
    clock.advance(100 * HOUR);
    expect(sim.task(id)?.status).toBe('unknown');
  });
});

describe('credits', () => {
  it('answers 403 / 2010 when the balance cannot cover the price', async () => {
    const { sim } = makeSim({ initialBalance: 15 });
    const res = await api(sim.apiBase('v2')).post('/task', { type: 'text_to_model', prompt: 'a cube' });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe(2010);
    const cheap = await api(sim.apiBase('v2')).post('/task', {
      type: 'text_to_model',
      prompt: 'a cube',
      texture: false,
      pbr: false,
    });
    expect(cheap.status).toBe(200);
    expect(sim.balance).toEqual({ balance: 5, frozen: 10 });
  });

  it('answers 429 / 2000 with Retry-After beyond the concurrency limit', async () => {
    const { sim, clock } = makeSim({ concurrencyLimit: 1 });
    await createV3(sim, 'a cube');
    const res = await api(sim.apiBase('v3')).post('/generation/text-to-model', { prompt: 'a cube' });
    expect(res.status).toBe(429);
    expect(res.json.code).toBe(2000);
    expect(res.headers.get('retry-after')).toBe('10');
    clock.advance(HOUR);
    expect(
      (await api(sim.apiBase('v3')).post('/generation/text-to-model', { prompt: 'a cube' })).status,
    ).toBe(200);
  });
});
