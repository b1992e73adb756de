import { validateBytes } from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import { isGlb, isPng, TASK_TYPES } from '../src/index.js';
import { api, KEY, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();
const HOUR = 3_600_000;

async function bytesOf(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

function glbJson(bytes: Uint8Array) {
  const len = new DataView(bytes.buffer, bytes.byteOffset).getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + len)));
}

async function uploadPng(base: string, name: string, path: '/upload' | '/files') {
  const form = new FormData();
  form.append('file', new Blob([Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10)]), name);
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
    body: form,
  });
  const data = (await res.json()).data;
  return (data.file_token ?? data.image_token) as string;
}

describe('every task type through v2', () => {
  it('creates, runs and finishes all 18 types with their output fields', async () => {
    const { sim, clock } = makeSim();
    const v2 = api(sim.apiBase('v2'));
    const token = await uploadPng(sim.apiBase('v2'), 'orange-pyramid.png', '/upload');
    const run = async (body: Record<string, unknown>) => {
      const res = await v2.post('/task', body);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      clock.advance(HOUR);
      const task = (await v2.get(`/task/${res.json.data.task_id}`)).json.data;
      expect(task).toMatchObject({ type: body.type, status: 'success', progress: 100 });
      return task;
    };
    const file = { type: 'png', file_token: token };
    const model = await run({
      type: 'text_to_model',
      prompt: 'a purple dog',
      model_version: 'v3.1-20260211',
    });
    expect(Object.keys(model.output).sort()).toEqual([
      'base_model',
      'generated_image',
      'model',
      'pbr_model',
      'rendered_image',
    ]);
    const fromImage = await run({ type: 'image_to_model', file });
    expect(glbJson(await bytesOf(fromImage.output.model)).nodes[0].name).toBe('orange_pyramid');
    const views = await run({ type: 'generate_multiview_image', file });
    // v2 nests the views; v3's flat form is covered in v3-variants.test.ts.
    expect(Object.keys(views.output.generate_multiview_image)).toEqual([
      'front_view_url',
      'left_view_url',
      'back_view_url',
      'right_view_url',
    ]);
    expect(isPng(await bytesOf(views.output.generate_multiview_image.left_view_url))).toBe(true);
    const edited = await run({
      type: 'edit_multiview_image',
      original_task_id: views.task_id,
      prompts: [{ view: 'front', prompt: 'make it blue' }],
    });
    expect(edited.output.generate_multiview_image.front_view_url).toContain('/front_view.png');
    await run({ type: 'multiview_to_model', original_task_id: edited.task_id });
    await run({ type: 'multiview_to_model', files: [file, {}, file, {}] });
    const image = await run({ type: 'text_to_image', prompt: 'a yellow ball' });
    expect(isPng(await bytesOf(image.output.generated_image))).toBe(true);
    await run({ type: 'generate_image', prompt: 'a red ball', model_version: 'gpt_4o', file });
    const textured = await run({
      type: 'texture_model',
      original_model_task_id: model.task_id,
      texture_prompt: { text: 'bright green paint' },
    });
    expect(glbJson(await bytesOf(textured.output.pbr_model)).materials[0].name).toBe('green_pbr');
    await run({ type: 'stylize_model', original_model_task_id: model.task_id, style: 'lego' });
    const check = await run({ type: 'animate_prerigcheck', original_model_task_id: model.task_id });
    expect(check.output).toEqual({ riggable: true, rig_type: 'quadruped' });
    const rig = await run({ type: 'animate_rig', original_model_task_id: model.task_id, out_format: 'fbx' });
    expect(rig.output.model).toMatch(/\/model\.fbx\?/);
    await run({ type: 'animate_retarget', original_model_task_id: rig.task_id, animation: 'preset:walk' });
    const seg = await run({ type: 'mesh_segmentation', original_model_task_id: model.task_id });
    await run({ type: 'mesh_completion', original_model_task_id: seg.task_id });
    await run({ type: 'highpoly_to_lowpoly', original_model_task_id: model.task_id, face_limit: 5000 });
    await run({
      type: 'import_model',
      file: { object: { bucket: 'tripo-data', key: 'tcli_x/white-box.glb' } },
    });
    await run({ type: 'convert_model', original_model_task_id: model.task_id, format: 'STL' });
    const turbo = await run({ type: 'text_to_model', prompt: 'draft', model_version: 'Turbo-v1.0-20250506' });
    await run({ type: 'refine_model', draft_model_task_id: turbo.task_id });
    expect(new Set(sim.tasks.map((t) => t.type))).toEqual(new Set(TASK_TYPES));
  });
});

describe('v3 routes and inputs', () => {
  it('chains by task id through `input`, uploads with POST /files, and batch-queries /tasks/list', async () => {
    const { sim, clock } = makeSim();
    const v3 = api(sim.apiBase('v3'));
    const create = async (route: string, body: Record<string, unknown>) => {
      const res = await v3.post(route, body);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return res.json.data.task_id as string;
    };
    const img = await create('/generation/text-to-image', { prompt: 'a cyan donut', model: 'seedream_v5' });
    const token = await uploadPng(sim.apiBase('v3'), 'scan.png', '/files');
    expect(token).toMatch(/^file_/);
    clock.advance(HOUR);
    const model = await create('/generation/image-to-model', { input: img, model: 'v3.0-20250812' });
    const fromToken = await create('/generation/image-to-model', { input: token });
    const fromUrl = await create('/generation/image-to-model', {
      input: { url: 'https://example.com/blue-cube.png' },
    });
    const legacy = await create('/generation/image-to-model', { file: { type: 'png', file_token: token } });
    const list = await v3.post('/tasks/list', { task_ids: [model, fromToken, 'nope'] });
    // The official SDKs' form: an array of the tasks found, nothing about the rest.
    expect(list.json.data.tasks.map((t: { task_id: string }) => t.task_id)).toEqual([model, fromToken]);
    expect(list.json.data.missed).toBeUndefined();
    clock.advance(HOUR);
    const task = (await v3.get(`/tasks/${model}`)).json.data;
    expect(task).toMatchObject({ status: 'success', credits_consumed: 30 });
    const took = sim.timing.queuedMs + sim.timing.modelMs;
    expect(task.completed_at).toBe(new Date(Date.parse(task.created_at) + took).toISOString());
    expect(glbJson(await bytesOf(task.output.model_url)).nodes[0].name).toBe('cyan_torus');
    const blue = (await v3.get(`/tasks/${fromUrl}`)).json.data;
    expect(glbJson(await bytesOf(blue.output.model_url)).nodes[0].name).toBe('blue_cube');
    expect(sim.task(legacy)?.params.file).toEqual({ type: 'png', file_token: token });

    const rig = await create('/animations/rig', { input: model });
    clock.advance(HOUR);
    const retarget = await create('/animations/retarget', {
      input: rig,
      animations: ['preset:walk', 'preset:run', 'preset:jump'],
    });
    const recolored = await create('/models/texture', { input: model, text_prompt: 'make it pink' });
    const gltf = await create('/models/convert', { input: model, format: 'GLTF' });
    const obj = await create('/models/convert', { input: model, format: 'OBJ', face_limit: 1000 });
    const usdz = await create('/models/convert', { original_model_task_id: model, format: 'USDZ' });
    clock.advance(HOUR);
    const r = (await v3.get(`/tasks/${retarget}`)).json.data;
    expect(r.output.model_urls).toHaveLength(3);
    expect(r.credits_consumed).toBe(30);
    const pink = (await v3.get(`/tasks/${recolored}`)).json.data;
    expect(glbJson(await bytesOf(pink.output.model_url)).materials[0].name).toBe('pink_pbr');
    const g = (await v3.get(`/tasks/${gltf}`)).json.data.output.model_url;
    expect(g).toMatch(/model\.gltf\?/);
    const gltfBytes = await bytesOf(g);
    expect((await validateBytes(gltfBytes)).issues.numErrors).toBe(0);
    const o = (await v3.get(`/tasks/${obj}`)).json.data;
    expect(o.credits_consumed).toBe(10);
    expect(new TextDecoder().decode(await bytesOf(o.output.model_url))).toMatch(
      /^# TripoKit[\s\S]*\nf 1\/\/1 /,
    );
    const u = (await v3.get(`/tasks/${usdz}`)).json.data.output.model_url;
    expect(u).toMatch(/model\.usdz\?/);
    expect(isGlb(await bytesOf(u))).toBe(true);
  });

  it('multiview from an image-to-multiview task via inputs [{task_id}], and presigned uploads', async () => {
    const { sim, clock } = makeSim();
    const v3 = api(sim.apiBase('v3'));
    const presign = (await v3.post('/files/presign', { format: 'glb' })).json.data;
    expect(presign.upload_url).toBe(presign.presigned_url);
    const early = await v3.post('/models/import', { input: presign.file_token });
    expect(early.json.code).toBe(2019);
    const glb = await bytesOf(
      await (async () => {
        const id = (await v3.post('/generation/text-to-model', { prompt: 'a white cone' })).json.data.task_id;
        clock.advance(HOUR);
        return (await v3.get(`/tasks/${id}`)).json.data.output.model_url;
      })(),
    );
    expect(
      (await fetch(presign.upload_url, { method: 'PUT', body: glb as Uint8Array<ArrayBuffer> })).status,
    ).toBe(200);
    const imported = (await v3.post('/models/import', { input: presign.file_token })).json.data.task_id;
    const mv = (
      await v3.post('/generation/image-to-multiview', { input: 'https://example.com/red-cube.png' })
    ).json.data.task_id;
    clock.advance(HOUR);
    const fromViews = await v3.post('/generation/multiview-to-model', { inputs: [{ task_id: mv }] });
    expect(fromViews.status).toBe(200);
    expect(sim.task(fromViews.json.data.task_id)?.params.original_task_id).toBe(mv);
    const back = (await v3.get(`/tasks/${imported}`)).json.data;
    expect(await bytesOf(back.output.model_url)).toEqual(glb);
    expect(back.credits_consumed).toBe(0);
  });
});
