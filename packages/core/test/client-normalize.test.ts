import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Task, TripoClient } from '../src/index.js';

const ORIGIN = 'http://normalize.test';
const ID = '11111111-2222-4333-8444-555555555555';
let nextTask: Record<string, unknown> = {};
const server = setupServer(
  http.get(`${ORIGIN}/v2/openapi/task/:id`, () => HttpResponse.json({ code: 0, data: nextTask })),
  http.get(`${ORIGIN}/v3/tasks/:id`, () => HttpResponse.json({ code: 0, status: 'success', data: nextTask })),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function read(version: 'v2' | 'v3', raw: Record<string, unknown>): Promise<Task> {
  nextTask = raw;
  const base = `${ORIGIN}${version === 'v2' ? '/v2/openapi' : '/v3'}`;
  return new TripoClient({ apiKey: 'tsk_n', baseUrl: base, env: {} }).getTask(ID);
}

describe('task normalisation', () => {
  it('reads a successful v2 generation task', async () => {
    const task = await read('v2', {
      task_id: ID,
      type: 'text_to_model',
      status: 'success',
      progress: 100,
      input: { prompt: 'a fox' },
      output: {
        model: 'https://f.test/m.glb',
        base_model: 'https://f.test/base.glb',
        pbr_model: 'https://f.test/pbr.glb',
        rendered_image: 'https://f.test/r.webp',
        generated_image: 'https://f.test/g.png',
        something_new: 42,
      },
      create_time: 1_767_225_600,
      running_left_time: -1,
      queuing_num: -1,
      consumed_credit: 30,
    });
    expect(task).toEqual({
      taskId: ID,
      type: 'text_to_model',
      status: 'success',
      rawStatus: 'success',
      progress: 100,
      output: {
        model: 'https://f.test/m.glb',
        baseModel: 'https://f.test/base.glb',
        pbrModel: 'https://f.test/pbr.glb',
        renderedImage: 'https://f.test/r.webp',
        generatedImage: 'https://f.test/g.png',
      },
      creditsConsumed: 30,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('reads the same task from v3 into the same shape', async () => {
    const task = await read('v3', {
      task_id: ID,
      type: 'text_to_model',
      status: 'success',
      progress: 100,
      output: {
        model_url: 'https://f.test/m.glb',
        rendered_image_url: 'https://f.test/r.webp',
        generated_image_url: 'https://f.test/g.png',
      },
      created_at: '2026-01-01T00:00:00Z',
      completed_at: '2026-01-01T00:02:00Z',
      credits_consumed: '30.00',
    });
    expect(task).toEqual({
      taskId: ID,
      type: 'text_to_model',
      status: 'success',
      rawStatus: 'success',
      progress: 100,
      output: {
        model: 'https://f.test/m.glb',
        renderedImage: 'https://f.test/r.webp',
        generatedImage: 'https://f.test/g.png',
      },
      creditsConsumed: 30,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it.each(['v2', 'v3'] as const)('%s: keeps eta and queue position while in progress', async (version) => {
    const running = await read(version, {
      task_id: ID,
      type: 'image_to_model',
      status: 'running',
      progress: 42,
      running_left_time: 37,
    });
    expect(running).toMatchObject({ status: 'running', progress: 42, etaSeconds: 37 });
    const queued = await read(version, {
      task_id: ID,
      type: 'image_to_model',
      status: 'queued',
      progress: 0,
      queuing_num: 3,
    });
    expect(queued).toMatchObject({ status: 'queued', progress: 0, queuePosition: 3 });
  });

  it.each(['v2', 'v3'] as const)(
    '%s: an unknown status string becomes unknown, raw kept',
    async (version) => {
      const task = await read(version, {
        task_id: ID,
        type: 'text_to_model',
        status: 'reticulating_splines',
        progress: 10,
      });
      expect(task.status).toBe('unknown');
      expect(task.rawStatus).toBe('reticulating_splines');
      const documented = await read(version, { task_id: ID, type: 'text_to_model', status: 'unknown' });
      expect(documented).toMatchObject({ status: 'unknown', rawStatus: 'unknown' });
    },
  );

  it('v3: failed with 2008 is banned; 2018 (model too complex, per the docs) and others stay failed; banned and expired statuses are read', async () => {
    const banned = await read('v3', {
      task_id: ID,
      type: 'text_to_model',
      status: 'failed',
      error_code: 2008,
      error_message: 'policy',
    });
    expect(banned).toMatchObject({
      status: 'banned',
      rawStatus: 'failed',
      errorCode: 2008,
      errorMessage: 'policy',
    });
    const expired = await read('v3', {
      task_id: ID,
      type: 'text_to_model',
      status: 'failed',
      error_code: 2018,
    });
    expect(expired).toMatchObject({ status: 'failed', rawStatus: 'failed', errorCode: 2018 });
    for (const status of ['banned', 'expired'] as const)
      expect(await read('v3', { task_id: ID, type: 'text_to_model', status })).toMatchObject({ status });
    const failed = await read('v3', {
      task_id: ID,
      type: 'text_to_model',
      status: 'failed',
      error_code: 1001,
    });
    expect(failed).toMatchObject({ status: 'failed', errorCode: 1001 });
  });

  it('v2: banned and expired are statuses; 2018 on a failed v2 task stays failed', async () => {
    expect(await read('v2', { task_id: ID, type: 'text_to_model', status: 'banned' })).toMatchObject({
      status: 'banned',
    });
    expect(await read('v2', { task_id: ID, type: 'text_to_model', status: 'expired' })).toMatchObject({
      status: 'expired',
    });
    const failed = await read('v2', {
      task_id: ID,
      type: 'convert_model',
      status: 'failed',
      error_code: 2018,
      error_msg: 'too complex',
    });
    expect(failed).toMatchObject({ status: 'failed', errorCode: 2018, errorMessage: 'too complex' });
  });

  it.each(['v2', 'v3'] as const)('%s: multiview, rig check and multi-animation outputs', async (version) => {
    const views = {
      front_view_url: 'https://f.test/f.png',
      left_view_url: 'https://f.test/l.png',
      back_view_url: 'https://f.test/b.png',
      right_view_url: 'https://f.test/r.png',
    };
    const expected = {
      front: views.front_view_url,
      left: views.left_view_url,
      back: views.back_view_url,
      right: views.right_view_url,
    };
    // Nested (v2, and reported live on v3) and flat on the output (the v3 docs): both read the same.
    for (const output of [{ generate_multiview_image: views }, views]) {
      const mv = await read(version, {
        task_id: ID,
        type: 'generate_multiview_image',
        status: 'success',
        output,
      });
      expect(mv.output.multiviewImages).toEqual(expected);
    }
    const check = await read(version, {
      task_id: ID,
      type: 'animate_prerigcheck',
      status: 'success',
      output: { riggable: true, rig_type: 'quadruped' },
    });
    expect(check.output).toEqual({ riggable: true, rigType: 'quadruped' });
    const anim = await read(version, {
      task_id: ID,
      type: 'animate_retarget',
      status: 'success',
      output: { model_urls: ['https://f.test/a.glb', 'https://f.test/b.glb'] },
    });
    expect(anim.output.modelUrls).toEqual(['https://f.test/a.glb', 'https://f.test/b.glb']);
  });

  it('maps v3 type names back to Tripo task types', async () => {
    expect((await read('v3', { task_id: ID, type: 'image-to-image', status: 'queued' })).type).toBe(
      'generate_image',
    );
    expect((await read('v3', { task_id: ID, type: 'rig_check', status: 'queued' })).type).toBe(
      'animate_prerigcheck',
    );
    expect((await read('v3', { task_id: ID, type: 'some_future_type', status: 'queued' })).type).toBe(
      'some_future_type',
    );
  });

  it.each(['v2', 'v3'] as const)('%s: tolerates missing, mistyped and extra fields', async (version) => {
    const task = await read(version, {
      status: 'running',
      progress: 'lots',
      output: 'not an object',
      error_code: 'n/a',
      consumed_credit: { weird: true },
      create_time: 'yesterday',
      brand_new_field: [1, 2, 3],
    });
    expect(task).toEqual({
      taskId: ID,
      type: 'unknown',
      status: 'running',
      rawStatus: 'running',
      progress: 0,
      output: {},
    });
  });

  it('clamps progress and forces 100 on success', async () => {
    expect((await read('v2', { task_id: ID, type: 'x', status: 'running', progress: 140 })).progress).toBe(
      100,
    );
    expect((await read('v3', { task_id: ID, type: 'x', status: 'success', progress: 99 })).progress).toBe(
      100,
    );
  });
});
