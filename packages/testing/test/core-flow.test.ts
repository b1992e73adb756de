import { validateBytes } from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import { isGlb, isPng } from '../src/index.js';
import { api, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();

describe('v3 text_to_model over msw', () => {
  it('walks queued → running → success on the fake clock and serves a valid GLB', async () => {
    const { sim, clock } = makeSim();
    const v3 = api(sim.apiBase('v3'));
    const created = await v3.post('/generation/text-to-model', {
      prompt: 'a red sphere',
      model: 'v3.1-20260211',
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ code: 0, status: 'success' });
    expect(created.headers.get('x-tripo-trace-id')).toMatch(/^[0-9a-f-]{36}$/);
    const id: string = created.json.data.task_id;
    expect(sim.balance).toEqual({ balance: 3000 - 20, frozen: 20 });

    const queued = (await v3.get(`/tasks/${id}`)).json.data;
    expect(queued).toMatchObject({ task_id: id, type: 'text_to_model', status: 'queued', progress: 0 });
    expect(queued.queuing_num).toBeGreaterThan(0);
    expect(queued.created_at).toBe(new Date(clock.now()).toISOString());

    clock.advance(sim.timing.queuedMs + sim.timing.modelMs / 2);
    const running = (await v3.get(`/tasks/${id}`)).json.data;
    expect(running.status).toBe('running');
    expect(running.progress).toBeGreaterThan(0);
    expect(running.progress).toBeLessThan(100);
    expect(running.running_left_time).toBeGreaterThan(0);

    clock.advance(sim.timing.modelMs);
    const done = (await v3.get(`/tasks/${id}`)).json.data;
    expect(done).toMatchObject({ status: 'success', progress: 100, credits_consumed: 20 });
    expect(done.output.model_url).toBe(done.output.pbr_model_url);
    expect(done.output.model_url).toMatch(/^http:\/\/tripo\.test\/files\/.+\.glb\?/);
    expect(sim.balance).toEqual({ balance: 2980, frozen: 0 });

    const file = await fetch(done.output.model_url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('model/gltf-binary');
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(isGlb(bytes)).toBe(true);
    expect((await validateBytes(bytes)).issues.numErrors).toBe(0);
    const png = new Uint8Array(await (await fetch(done.output.rendered_image_url)).arrayBuffer());
    expect(isPng(png)).toBe(true);
    expect(sim.fileRequests.every((r) => !r.authorizationSent)).toBe(true);
  });

  it('reports the balance on /account/balance', async () => {
    const { sim } = makeSim({ initialBalance: 100 });
    const res = await api(sim.apiBase('v3')).get('/account/balance');
    expect(res.json).toEqual({ code: 0, status: 'success', data: { balance: 100, frozen: 0 } });
  });
});

describe('v2 text_to_model / image_to_model over msw', () => {
  it('creates with type in the body and answers §5 task fields', async () => {
    const { sim, clock } = makeSim();
    const v2 = api(sim.apiBase('v2'));
    const created = await v2.post('/task', {
      type: 'text_to_model',
      prompt: 'a blue cube',
      texture: false,
      pbr: false,
    });
    expect(created.json).toEqual({ code: 0, data: { task_id: expect.any(String) } });
    const id = created.json.data.task_id;
    const q = (await v2.get(`/task/${id}`)).json;
    expect(q.code).toBe(0);
    expect(q.data).toMatchObject({
      task_id: id,
      type: 'text_to_model',
      status: 'queued',
      create_time: Math.floor(clock.now() / 1000),
      running_left_time: expect.any(Number),
      queuing_num: expect.any(Number),
      consumed_credit: 0,
    });
    clock.advance(10 * 60_000);
    const done = (await v2.get(`/task/${id}`)).json.data;
    expect(done).toMatchObject({
      status: 'success',
      running_left_time: -1,
      queuing_num: -1,
      consumed_credit: 10,
    });
    expect(done.output.model).toMatch(/model\.glb/);
    expect(done.output.base_model).toMatch(/base_model\.glb/);
    expect(done.output.pbr_model).toBeUndefined();
    const balance = (await v2.get('/user/balance')).json;
    expect(balance).toEqual({ code: 0, data: { balance: 2990, frozen: 0 } });
  });

  it('takes an uploaded image token for image_to_model', async () => {
    const { sim, clock } = makeSim();
    const form = new FormData();
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0);
    form.append('file', new Blob([png], { type: 'image/png' }), 'green-cone.png');
    const up = await fetch(`${sim.apiBase('v2')}/upload/sts`, {
      method: 'POST',
      headers: { authorization: 'Bearer tsk_x' },
      body: form,
    });
    const token = (await up.json()).data.image_token;
    expect(token).toMatch(/^[0-9a-f-]{36}$/);
    const v2 = api(sim.apiBase('v2'), 'tsk_x');
    const created = await v2.post('/task', {
      type: 'image_to_model',
      file: { type: 'png', file_token: token },
    });
    expect(created.status).toBe(200);
    clock.advance(10 * 60_000);
    const done = (await v2.get(`/task/${created.json.data.task_id}`)).json.data;
    expect(done.status).toBe('success');
    const glb = new Uint8Array(await (await fetch(done.output.pbr_model)).arrayBuffer());
    const json = JSON.parse(
      new TextDecoder().decode(glb.subarray(20, 20 + new DataView(glb.buffer).getUint32(12, true))),
    );
    expect(json.nodes[0].name).toBe('green_cone');
  });
});
