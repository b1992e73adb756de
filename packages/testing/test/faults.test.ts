import { describe, expect, it } from 'vitest';
import { isGlb } from '../src/index.js';
import { api, KEY, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();

async function succeeded(sim: { apiBase(d: 'v2' | 'v3'): string }, clock: { advance(ms: number): void }) {
  const v3 = api(sim.apiBase('v3'));
  const id = (await v3.post('/generation/text-to-model', { prompt: 'a cube' })).json.data.task_id as string;
  clock.advance(3_600_000);
  return { id, task: (await v3.get(`/tasks/${id}`)).json.data };
}

describe('scripted faults over msw', () => {
  it.each([
    ['v3', 2000],
    ['v3', 1007],
    ['v2', 2000],
    ['v2', 1007],
  ] as const)('%s: 429 / %i with Retry-After, once, then normal', async (dialect, code) => {
    const { sim } = makeSim();
    const handle = sim.fault({ kind: 'rate-limit', code, retryAfterSeconds: 7 });
    const path = dialect === 'v3' ? '/generation/text-to-model' : '/task';
    const body = dialect === 'v3' ? { prompt: 'a cube' } : { type: 'text_to_model', prompt: 'a cube' };
    const first = await api(sim.apiBase(dialect)).post(path, body);
    expect(first.status).toBe(429);
    expect(first.json.code).toBe(code);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(sim.tasks).toHaveLength(0);
    expect((await api(sim.apiBase(dialect)).post(path, body)).status).toBe(200);
    expect(handle.hits).toBe(1);
  });

  it.each([500, 502, 503] as const)('answers HTTP %i with an error envelope', async (status) => {
    const { sim } = makeSim();
    sim.fault({ kind: 'server-error', status, on: 'balance', times: 2 });
    const v3 = api(sim.apiBase('v3'));
    const a = await v3.get('/account/balance');
    const b = await v3.get('/account/balance');
    const c = await v3.get('/account/balance');
    expect([a.status, b.status, c.status]).toEqual([status, status, 200]);
    expect(a.json).toMatchObject({ code: 1000, status: 'error' });
  });

  it('reset: the client gets a network error and nothing is created', async () => {
    const { sim } = makeSim();
    sim.fault({ kind: 'reset', on: 'create' });
    await expect(
      api(sim.apiBase('v3')).post('/generation/text-to-model', { prompt: 'a cube' }),
    ).rejects.toThrow();
    expect(sim.tasks).toHaveLength(0);
  });

  it('reset-after-create: the client gets a network error but the task exists', async () => {
    const { sim } = makeSim();
    sim.fault({ kind: 'reset-after-create', dialect: 'v2' });
    await expect(
      api(sim.apiBase('v2')).post('/task', { type: 'text_to_model', prompt: 'a cube' }),
    ).rejects.toThrow();
    expect(sim.tasks).toHaveLength(1);
    expect(sim.tasks[0]).toMatchObject({
      dialect: 'v2',
      type: 'text_to_model',
      body: { type: 'text_to_model', prompt: 'a cube' },
    });
    expect(sim.balance.frozen).toBe(20);
  });

  it('slow: the answer comes after the delay on the simulator clock', async () => {
    const { sim, clock } = makeSim();
    sim.fault({ kind: 'slow', delayMs: 90_000, on: 'balance' });
    const before = clock.now();
    const res = await api(sim.apiBase('v3')).get('/account/balance');
    expect(res.status).toBe(200);
    expect(clock.now() - before).toBe(90_000);
  });

  it('slow: an aborted request stops waiting', async () => {
    const { sim } = makeSim();
    sim.fault({ kind: 'slow', delayMs: 90_000, on: 'balance' });
    const ctrl = new AbortController();
    const pending = fetch(`${sim.apiBase('v3')}/account/balance`, {
      headers: { authorization: `Bearer ${KEY}` },
      signal: ctrl.signal,
    });
    ctrl.abort();
    await expect(pending).rejects.toThrow();
  });

  it('malformed JSON: 200 with a JSON content type that does not parse', async () => {
    const { sim } = makeSim();
    sim.fault({ kind: 'malformed-json', on: 'create' });
    const res = await fetch(`${sim.apiBase('v3')}/generation/text-to-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'a cube' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    await expect(res.json()).rejects.toThrow();
  });

  it('HTML error page from a gateway', async () => {
    const { sim, clock } = makeSim();
    const { id } = await succeeded(sim, clock);
    sim.fault({ kind: 'html-error', status: 503, on: 'query' });
    const res = await api(sim.apiBase('v3')).get(`/tasks/${id}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('<html>');
    expect(res.headers.get('x-tripo-trace-id')).toBeTruthy();
  });

  it('truncated download: the body fails part-way, the next download is whole', async () => {
    const { sim, clock } = makeSim();
    const { task } = await succeeded(sim, clock);
    sim.fault({ kind: 'truncated-download' });
    const res = await fetch(task.output.model_url);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(isGlb(new Uint8Array(await (await fetch(task.output.model_url)).arrayBuffer()))).toBe(true);
  });

  it('expired link: 403 until the task is queried again, which issues a fresh link', async () => {
    const { sim, clock } = makeSim();
    const { id, task } = await succeeded(sim, clock);
    sim.fault({ kind: 'expired-link', taskId: id });
    const first = await fetch(task.output.model_url);
    expect(first.status).toBe(403);
    expect(await first.text()).toContain('AccessDenied');
    expect((await fetch(task.output.model_url)).status).toBe(403);
    expect((await fetch(task.output.base_model_url)).status).toBe(403);
    const fresh = (await api(sim.apiBase('v3')).get(`/tasks/${id}`)).json.data.output.model_url;
    expect(fresh).not.toBe(task.output.model_url);
    expect((await fetch(fresh)).status).toBe(200);
    expect((await fetch(task.output.model_url)).status).toBe(403);
  });

  it('links also expire after linkTtlMs, and a tampered link is refused', async () => {
    const { sim, clock } = makeSim({ linkTtlMs: 60_000 });
    const { task } = await succeeded(sim, clock);
    expect((await fetch(task.output.model_url.replace(/sig=[^&]+/, 'sig=forged'))).status).toBe(403);
    expect((await fetch(task.output.model_url)).status).toBe(200);
    clock.advance(61_000);
    expect((await fetch(task.output.model_url)).status).toBe(403);
  });

  it('clearScenarios removes every fault and script', async () => {
    const { sim, clock } = makeSim();
    sim.fault({ kind: 'server-error', on: 'create', times: Infinity });
    sim.script({ type: 'text_to_model' }, { status: 'failed' });
    sim.clearScenarios();
    const { task } = await succeeded(sim, clock);
    expect(task.status).toBe('success');
  });

  it('matches faults by task type and keeps hitting with times: Infinity', async () => {
    const { sim } = makeSim();
    sim.fault({
      kind: 'server-error',
      status: 502,
      on: 'create',
      taskType: 'text_to_image',
      times: Infinity,
    });
    const v2 = api(sim.apiBase('v2'));
    expect((await v2.post('/task', { type: 'text_to_image', prompt: 'a cat' })).status).toBe(502);
    expect((await v2.post('/task', { type: 'text_to_image', prompt: 'a cat' })).status).toBe(502);
    expect((await v2.post('/task', { type: 'text_to_model', prompt: 'a cat' })).status).toBe(200);
  });
});
