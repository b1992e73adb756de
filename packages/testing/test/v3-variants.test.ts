import { describe, expect, it } from 'vitest';
import type { TripoSimulatorOptions } from '../src/index.js';
import { api, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();
const HOUR = 3_600_000;

/** A v3 session: create on a route (asserting success), read a task after an hour. */
function v3Session(options: TripoSimulatorOptions = {}) {
  const { sim, clock } = makeSim(options);
  const v3 = api(sim.apiBase('v3'));
  const create = async (route: string, body: Record<string, unknown>) => {
    const res = await v3.post(route, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data.task_id as string;
  };
  const finished = async (id: string) => {
    clock.advance(HOUR);
    return (await v3.get(`/tasks/${id}`)).json.data;
  };
  return { sim, clock, v3, create, finished };
}

const VIEW_KEYS = ['front_view_url', 'left_view_url', 'back_view_url', 'right_view_url'];

describe('v3 wire variants', () => {
  it('multiview views are flat on the output by default (the v3 docs), nested on request', async () => {
    const flat = v3Session();
    const a = await flat.finished(
      await flat.create('/generation/image-to-multiview', { input: 'https://example.com/red-cube.png' }),
    );
    for (const key of VIEW_KEYS) expect(a.output[key]).toMatch(/^http/);
    expect(a.output.generate_multiview_image).toBeUndefined();

    const nested = v3Session({ v3: { multiviewOutput: 'nested' } });
    const b = await nested.finished(
      await nested.create('/generation/image-to-multiview', { input: 'https://example.com/red-cube.png' }),
    );
    expect(Object.keys(b.output.generate_multiview_image)).toEqual(VIEW_KEYS);
    expect(b.output.front_view_url).toBeUndefined();
  });

  it('/tasks/list answers {tasks: [...]} by default and {tasks: {id: task}, missed} as the map variant', async () => {
    const array = v3Session();
    const one = await array.create('/generation/text-to-image', { prompt: 'a kite' });
    const listed = (await array.v3.post('/tasks/list', { task_ids: [one, 'gone'] })).json.data;
    expect(listed).toEqual({ tasks: [expect.objectContaining({ task_id: one })] });

    const map = v3Session({ v3: { taskList: 'map' } });
    const two = await map.create('/generation/text-to-image', { prompt: 'a kite' });
    const mapped = (await map.v3.post('/tasks/list', { task_ids: [two, 'gone'] })).json.data;
    expect(mapped).toEqual({ tasks: { [two]: expect.objectContaining({ task_id: two }) }, missed: ['gone'] });
  });

  it('content-policy and expired ends are statuses by default, failed with 2008 / 2018 as the other variant', async () => {
    const statuses = v3Session();
    const banned = await statuses.create('/generation/text-to-model', { prompt: 'a forbidden vase' });
    const stale = await statuses.create('/generation/text-to-model', { prompt: 'a stale vase' });
    expect(await statuses.finished(banned)).toMatchObject({ status: 'banned', error_code: 2008 });
    const expired = await statuses.finished(stale);
    expect(expired.status).toBe('expired');
    expect(expired.error_code).toBeUndefined();

    const codes = v3Session({ v3: { terminalForm: 'failed-codes' } });
    const b = await codes.create('/generation/text-to-model', { prompt: 'a forbidden vase' });
    const s = await codes.create('/generation/text-to-model', { prompt: 'a stale vase' });
    expect(await codes.finished(b)).toMatchObject({ status: 'failed', error_code: 2008 });
    expect(await codes.finished(s)).toMatchObject({ status: 'failed', error_code: 2018 });
  });

  it('task_-prefixed ids are served, read back and chained as `input` exactly as issued', async () => {
    const { create, finished, sim } = v3Session({ v3: { taskIds: 'prefixed' } });
    const image = await create('/generation/text-to-image', { prompt: 'a cyan donut' });
    expect(image).toMatch(/^task_[0-9a-f]{32}$/);
    expect((await finished(image)).task_id).toBe(image);
    const model = await create('/generation/image-to-model', { input: image });
    expect(sim.task(model)?.params.file).toEqual({ task_id: image });
    expect((await finished(model)).status).toBe('success');
  });
});

describe('strict v3 mode', () => {
  it('a 3D generation without a model is 400/1004 in strict mode and runs on v3.1 in the lenient default', async () => {
    const strict = v3Session({ strictV3: true });
    const missing = await strict.v3.post('/generation/text-to-model', { prompt: 'a fox' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ code: 1004, status: 'error' });
    expect(strict.sim.tasks).toHaveLength(0);
    await strict.create('/generation/text-to-model', { prompt: 'a fox', model: 'v3.1-20260211' });

    // Lenient: the default is an H3 version, so H3-only options are accepted without naming one.
    const lenient = v3Session();
    await lenient.create('/generation/text-to-model', { prompt: 'a fox', geometry_quality: 'detailed' });
  });

  it('strict mode takes image models by alias only, and seedream_v4 from text only', async () => {
    const strict = v3Session({ strictV3: true });
    const v2Name = await strict.v3.post('/generation/text-to-image', { prompt: 'a kite', model: 'gpt_4o' });
    expect(v2Name.json.code).toBe(1004);
    await strict.create('/generation/text-to-image', { prompt: 'a kite', model: 'seedream_v4' });
    const edit = { input: 'https://example.com/a.png', prompt: 'make it red' };
    expect(
      (await strict.v3.post('/generation/image-to-image', { ...edit, model: 'seedream_v4' })).json.code,
    ).toBe(1004);
    await strict.create('/generation/image-to-image', { ...edit, model: 'seedream_v5' });
  });

  it.each([
    ['lenient', {}],
    ['strict', { strictV3: true }],
  ] as const)(
    '%s v3 refuses the retired versions and v2’s image model names with 400/1004; v2 takes them',
    async (_, options) => {
      const { sim, v3, create } = v3Session(options);
      for (const model of ['v2.0-20240919', 'Turbo-v1.0-20250506']) {
        const res = await v3.post('/generation/text-to-model', { prompt: 'a fox', model });
        expect([res.status, res.json.code], model).toEqual([400, 1004]);
        expect(res.json.message, model).toMatch(/retired on v3/);
      }
      for (const model of ['gpt_4o', 'flux.1_kontext_pro', 'gemini_3_pro_image_preview', 'midjourney']) {
        const res = await v3.post('/generation/text-to-image', { prompt: 'a kite', model });
        expect([res.status, res.json.code], model).toEqual([400, 1004]);
      }
      expect(sim.tasks).toHaveLength(0);
      await create('/generation/text-to-model', { prompt: 'a fox', model: 'P2-20260801', quad: true });
      await create('/generation/text-to-image', { prompt: 'a kite', model: 'banana' });

      const v2 = api(sim.apiBase('v2'));
      for (const body of [
        { type: 'text_to_model', prompt: 'a fox', model_version: 'Turbo-v1.0-20250506' },
        { type: 'text_to_model', prompt: 'a fox', model_version: 'v2.0-20240919' },
        { type: 'text_to_image', prompt: 'a kite', model_version: 'gpt_4o' },
      ]) {
        const res = await v2.post('/task', body);
        expect(res.status, JSON.stringify(res.json)).toBe(200);
      }
    },
  );
});

describe('current v3 versions and presets', () => {
  it('takes texture v3.5, segmentation v2.0-20260430, low-poly v2.0, and texture_version/delight on generation', async () => {
    const { create, finished } = v3Session({ strictV3: true });
    const model = await create('/generation/text-to-model', {
      prompt: 'a fox',
      model: 'v3.1-20260211',
      texture_version: 'v3.5-20260815',
      delight: true,
      export_orientation: '-y',
    });
    await finished(model);
    await create('/models/texture', { input: model, model: 'v3.5-20260815', text_prompt: 'gold' });
    await create('/mesh/segment', { input: model, model: 'v2.0-20260430' });
    await create('/mesh/decimate', { input: model, model: 'v2.0', face_limit: 5000 });
  });

  it('preset:biped:<name> retargets a v1.0 rig, not a v2.5 one', async () => {
    const { create, finished, v3 } = v3Session();
    const model = await create('/generation/text-to-model', { prompt: 'a knight' });
    await finished(model);
    const legacy = await create('/animations/rig', { input: model, model: 'v1.0-20240301' });
    const modern = await create('/animations/rig', { input: model, model: 'v2.5-20260210' });
    await finished(legacy);
    await finished(modern);
    await create('/animations/retarget', { input: legacy, animations: ['preset:biped:cast_a_spell'] });
    const refused = await v3.post('/animations/retarget', { input: modern, animation: 'preset:biped:idle' });
    expect(refused.json.code).toBe(1004);
  });

  it('prices texture_model as the pricing page does: 10, 20 for detailed', async () => {
    const { create, finished } = v3Session();
    const model = await create('/generation/text-to-model', { prompt: 'a fox' });
    await finished(model);
    const standard = await create('/models/texture', { input: model, text_prompt: 'gold' });
    const detailed = await create('/models/texture', {
      input: model,
      text_prompt: 'gold',
      texture_quality: 'detailed',
    });
    expect((await finished(standard)).credits_consumed).toBe(10);
    expect((await finished(detailed)).credits_consumed).toBe(20);
  });
});
