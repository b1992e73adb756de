import { validateBytes } from 'gltf-validator';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FakeClock, isGlb, type RunningTripoSimulator, startTripoSimulator } from '../src/index.js';
import { api, KEY } from './helpers.js';

let running: RunningTripoSimulator | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start(options: Parameters<typeof startTripoSimulator>[0] = {}) {
  const clock = new FakeClock({ autoAdvance: false });
  running = await startTripoSimulator({ port: 0, clock, watchIntervalMs: 5, ...options });
  return { running, clock };
}

function watch(url: string, headers: Record<string, string>) {
  const frames: Array<{ event: string; data: { status: string; progress: number } }> = [];
  const ws = new WebSocket(url, { headers });
  const closed = new Promise<{ code: number }>((resolve, reject) => {
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    ws.on('close', (code) => resolve({ code }));
    ws.on('error', reject);
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('error', reject);
  });
  return { ws, frames, closed, opened };
}

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('loopback HTTP server', () => {
  it('binds 127.0.0.1 on port 0 and serves both dialects under their prefixes', async () => {
    const { running } = await start();
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.apiBase).toBe(`${running.url}/v3`);
    const v3 = await api(`${running.url}/v3`).get('/account/balance');
    const v2 = await api(`${running.url}/v2/openapi`).get('/user/balance');
    expect(v3.json).toEqual({ code: 0, status: 'success', data: { balance: 3000, frozen: 0 } });
    expect(v2.json).toEqual({ code: 0, data: { balance: 3000, frozen: 0 } });
    expect(v3.headers.get('x-tripo-trace-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does the curl-style round trip: create → poll → download a valid GLB', async () => {
    const { running, clock } = await start();
    const v3 = api(running.apiBase);
    const id = (await v3.post('/generation/text-to-model', { prompt: 'a green cylinder' })).json.data.task_id;
    expect((await v3.get(`/tasks/${id}`)).json.data.status).toBe('queued');
    clock.advance(5 * 60_000);
    const task = (await v3.get(`/tasks/${id}`)).json.data;
    expect(task.status).toBe('success');
    expect(task.output.model_url.startsWith(`${running.url}/files/`)).toBe(true);
    const res = await fetch(task.output.model_url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.byteLength).toBe(Number(res.headers.get('content-length')));
    expect(isGlb(bytes)).toBe(true);
    expect((await validateBytes(bytes)).issues.numErrors).toBe(0);
    expect(running.sim.fileRequests).toEqual([
      expect.objectContaining({ authorizationSent: false, status: 200 }),
    ]);
  });

  it('answers a wrong key with 401 in each dialect and records auth presence, never the key', async () => {
    const { running } = await start();
    const v3 = await api(`${running.url}/v3`, 'sk_wrong').get('/account/balance');
    const v2 = await api(`${running.url}/v2/openapi`, null).get('/user/balance');
    expect(v3.status).toBe(401);
    expect(v3.json).toMatchObject({ code: 2, status: 'error' });
    expect(v2.status).toBe(401);
    expect(v2.json).toMatchObject({ code: 1002 });
    expect(running.sim.requests.map((r) => r.authPresent)).toEqual([true, false]);
    expect(JSON.stringify(running.sim.requests)).not.toContain('sk_wrong');
  });

  it('drops the socket after creating the task on reset-after-create', async () => {
    const { running } = await start();
    running.sim.fault({ kind: 'reset-after-create' });
    await expect(
      api(running.apiBase).post('/generation/text-to-model', { prompt: 'a cube' }),
    ).rejects.toThrow();
    expect(running.sim.tasks).toHaveLength(1);
    expect(running.sim.requests[0]?.status).toBe(0);
  });

  it('sends fewer bytes than Content-Length on a truncated download', async () => {
    const { running, clock } = await start();
    const v3 = api(running.apiBase);
    const id = (await v3.post('/generation/text-to-model', { prompt: 'a cube' })).json.data.task_id;
    clock.advance(5 * 60_000);
    const url = (await v3.get(`/tasks/${id}`)).json.data.output.model_url;
    running.sim.fault({ kind: 'truncated-download' });
    const res = await fetch(url);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(0);
    await expect(res.arrayBuffer()).rejects.toThrow();
    const again = new Uint8Array(await (await fetch(url)).arrayBuffer());
    expect(isGlb(again)).toBe(true);
  });

  it('answers bad bodies with the envelope and keeps serving: missing, malformed, oversized', async () => {
    const { running } = await start({ maxJsonBytes: 1000 });
    const v2 = api(`${running.url}/v2/openapi`);
    expect((await v2.call('POST', '/task')).json.code).toBe(1003);
    expect((await v2.call('POST', '/task', '{"type":')).json.code).toBe(1003);
    const big = await v2.post('/task', { type: 'text_to_model', prompt: 'x', pad: 'y'.repeat(200_000) });
    expect([big.status, big.json.code]).toEqual([413, 1003]);
    const chunked = await fetch(`${running.url}/v3/generation/text-to-model`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: new Blob(['{"prompt":"', 'z'.repeat(300_000), '"}']).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).code).toBe(1003);
    expect((await api(`${running.url}/v3`).get('/account/balance')).status).toBe(200);
    expect((await api(`${running.url}/v3`).get('/nope')).json).toMatchObject({ code: 4001, status: 'error' });
  });

  it('serves request-level faults and scripted outcomes the same way as over msw', async () => {
    const { running, clock } = await start();
    const { sim } = running;
    const v2 = api(`${running.url}/v2/openapi`);
    const v3 = api(running.apiBase);
    sim.fault({ kind: 'rate-limit', code: 1007, retryAfterSeconds: 3, dialect: 'v2' });
    const limited = await v2.post('/task', { type: 'text_to_model', prompt: 'a cube' });
    expect([limited.status, limited.json.code, limited.headers.get('retry-after')]).toEqual([429, 1007, '3']);
    sim.fault({ kind: 'reset', on: 'balance' });
    await expect(v3.get('/account/balance')).rejects.toThrow();
    sim.fault({ kind: 'html-error', on: 'balance' });
    const html = await v3.get('/account/balance');
    expect([html.status, html.headers.get('content-type')]).toEqual([502, 'text/html; charset=utf-8']);
    sim.fault({ kind: 'malformed-json', on: 'balance' });
    const garbled = await v3.get('/account/balance');
    expect([garbled.status, garbled.json]).toEqual([200, undefined]);
    sim.fault({ kind: 'server-error', status: 503, on: 'balance' });
    expect((await v3.get('/account/balance')).status).toBe(503);
    sim.fault({ kind: 'slow', delayMs: 30_000, on: 'balance' });
    const slow = v3.get('/account/balance');
    for (let waited = 0; clock.pendingSleepers === 0 && waited < 2000; waited += 5) await tick(5);
    clock.advance(30_000);
    expect((await slow).status).toBe(200);

    const banned = (await v2.post('/task', { type: 'text_to_model', prompt: 'a forbidden idol' })).json.data
      .task_id;
    const ok = (await v3.post('/generation/text-to-model', { prompt: 'a pink cube' })).json.data.task_id;
    clock.advance(3_600_000);
    expect((await v2.get(`/task/${banned}`)).json.data).toMatchObject({ status: 'banned', error_code: 2008 });
    const url = (await v3.get(`/tasks/${ok}`)).json.data.output.model_url;
    sim.fault({ kind: 'expired-link', taskId: ok });
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(url)).status).toBe(403);
    const fresh = (await v3.get(`/tasks/${ok}`)).json.data.output.model_url;
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('streams v2 WebSocket watch frames: updates, then finalized, then closes', async () => {
    const { running, clock } = await start({ apiVersion: 'v2' });
    const v2 = api(running.apiBase);
    const id = (await v2.post('/task', { type: 'text_to_model', prompt: 'a red cone' })).json.data.task_id;
    const w = watch(`${running.url.replace('http', 'ws')}/v2/openapi/task/watch/${id}`, {
      authorization: `Bearer ${KEY}`,
    });
    await w.opened;
    const grow = async (n: number) => {
      for (let waited = 0; w.frames.length < n && waited < 2000; waited += 5) await tick(5);
    };
    await grow(1);
    for (let i = 0; i < 7; i++) {
      const before = w.frames.length;
      clock.advance(10_000);
      await grow(before + 1);
    }
    const { code } = await w.closed;
    expect(code).toBe(1000);
    const events = w.frames.map((f) => f.event);
    expect(events.at(-1)).toBe('finalized');
    expect(events.slice(0, -1).every((e) => e === 'update')).toBe(true);
    expect(w.frames[0]?.data.status).toBe('queued');
    expect(w.frames.some((f) => f.data.status === 'running')).toBe(true);
    expect(w.frames.at(-1)?.data).toMatchObject({ task_id: id, status: 'success', progress: 100 });
  });

  it('refuses a watch without a valid key with HTTP 401', async () => {
    const { running } = await start();
    const ws = new WebSocket(`${running.url.replace('http', 'ws')}/v2/openapi/task/watch/abc`);
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(401);
  });
});
