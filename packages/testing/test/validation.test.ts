import { describe, expect, it } from 'vitest';
import { api, KEY, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();
const HOUR = 3_600_000;

describe('parameter validation (both dialects)', () => {
  const cases: Array<[string, Record<string, unknown>, number]> = [
    ['missing prompt', {}, 1004],
    ['empty prompt', { prompt: '  ' }, 1004],
    ['prompt too long', { prompt: 'a'.repeat(1025) }, 1004],
    ['emoji in prompt', { prompt: 'a cat 🐱' }, 2009],
    ['unknown model_version', { prompt: 'a cat', model_version: 'v9.9' }, 2017],
    ['deprecated model_version', { prompt: 'a cat', model_version: 'v1.4-20240625' }, 2015],
    ['P1 with quad', { prompt: 'a cat', model_version: 'P1-20260311', quad: false }, 1004],
    ['P1 face_limit too low', { prompt: 'a cat', model_version: 'P1-20260311', face_limit: 10 }, 1004],
    [
      'H2 geometry_quality detailed',
      { prompt: 'a cat', model_version: 'v2.5-20250123', geometry_quality: 'detailed' },
      1004,
    ],
    ['generate_parts with texture', { prompt: 'a cat', generate_parts: true }, 1004],
    ['texture not a boolean', { prompt: 'a cat', texture: 'yes' }, 1004],
    ['bad texture_quality', { prompt: 'a cat', texture_quality: 'ultra' }, 1004],
    ['negative_prompt too long', { prompt: 'a cat', negative_prompt: 'x'.repeat(256) }, 1004],
  ];
  it.each(cases)('text_to_model: %s → %i', async (_name, body, code) => {
    const { sim } = makeSim();
    const v2 = await api(sim.apiBase('v2')).post('/task', { type: 'text_to_model', ...body });
    const v3 = await api(sim.apiBase('v3')).post('/generation/text-to-model', body);
    expect(v2.json).toMatchObject({ code, message: expect.any(String), suggestion: expect.any(String) });
    expect(v3.json).toMatchObject({ code, status: 'error', request_id: expect.any(String) });
    expect(v2.status).toBe(v3.status);
    expect(v2.status).toBe(400);
    expect(sim.tasks).toEqual([]);
  });

  it('v3 accepts `model` or `model_version` for the version', async () => {
    const { sim } = makeSim();
    const v3 = api(sim.apiBase('v3'));
    await v3.post('/generation/text-to-model', { prompt: 'a cat', model: 'P1-20260311' });
    await v3.post('/generation/text-to-model', { prompt: 'a cat', model_version: 'v3.0-20250812' });
    expect(sim.tasks.map((t) => t.params.model_version)).toEqual(['P1-20260311', 'v3.0-20250812']);
    expect(sim.tasks.map((t) => t.price)).toEqual([40, 20]);
  });

  it('v2: missing type → 1004, unknown type → 2002, animate_model → 2016', async () => {
    const { sim } = makeSim();
    const v2 = api(sim.apiBase('v2'));
    expect((await v2.post('/task', { prompt: 'x' })).json.code).toBe(1004);
    expect((await v2.post('/task', { type: 'make_magic' })).json.code).toBe(2002);
    expect((await v2.post('/task', { type: 'animate_model', original_model_task_id: 'x' })).json.code).toBe(
      2016,
    );
  });

  it('checks source tasks: not found 2001, not succeeded 2007, wrong type 2006 / 2012 / 2011', async () => {
    const { sim, clock } = makeSim();
    const v2 = api(sim.apiBase('v2'));
    const missing = await v2.post('/task', {
      type: 'texture_model',
      original_model_task_id: crypto.randomUUID(),
    });
    expect([missing.status, missing.json.code]).toEqual([404, 2001]);
    const model = (await v2.post('/task', { type: 'text_to_model', prompt: 'a dog' })).json.data.task_id;
    const image = (await v2.post('/task', { type: 'text_to_image', prompt: 'a dog' })).json.data.task_id;
    expect(
      (await v2.post('/task', { type: 'convert_model', original_model_task_id: model, format: 'OBJ' })).json
        .code,
    ).toBe(2007);
    clock.advance(HOUR);
    expect(
      (await v2.post('/task', { type: 'convert_model', original_model_task_id: image, format: 'OBJ' })).json
        .code,
    ).toBe(2006);
    expect(
      (
        await v2.post('/task', {
          type: 'animate_retarget',
          original_model_task_id: model,
          animation: 'preset:walk',
        })
      ).json.code,
    ).toBe(2012);
    expect(
      (await v2.post('/task', { type: 'animate_prerigcheck', original_model_task_id: image })).json.code,
    ).toBe(2011);
    expect(
      (await v2.post('/task', { type: 'convert_model', original_model_task_id: model, format: 'DOCX' })).json
        .code,
    ).toBe(1004);
    expect((await v2.post('/task', { type: 'convert_model', original_model_task_id: model })).json.code).toBe(
      1004,
    );
  });

  it('a task is only visible to the key that created it', async () => {
    const { sim } = makeSim();
    const id = (await api(sim.apiBase('v3')).post('/generation/text-to-model', { prompt: 'a cube' })).json
      .data.task_id;
    const other = await api(sim.apiBase('v3'), 'tsk_someone_else').get(`/tasks/${id}`);
    expect([other.status, other.json.code]).toEqual([404, 2001]);
  });

  it('checks multiview files: 4 slots, front required, at least 2 views', async () => {
    const { sim } = makeSim();
    const v2 = api(sim.apiBase('v2'));
    const url = (name: string) => ({ type: 'jpg', url: `https://example.com/${name}.jpg` });
    const post = (files: unknown) => v2.post('/task', { type: 'multiview_to_model', files });
    expect((await post([url('a'), url('b')])).json.code).toBe(1004);
    expect((await post([{}, url('b'), url('c'), url('d')])).json.code).toBe(1004);
    expect((await post([url('a'), {}, {}, {}])).json.code).toBe(1004);
    expect((await post([url('a'), {}, url('c'), {}])).status).toBe(200);
    const v3 = await api(sim.apiBase('v3')).post('/generation/multiview-to-model', {
      inputs: ['https://example.com/front.jpg', null, '', 'https://example.com/right.jpg'],
    });
    expect(v3.status).toBe(200);
  });

  it('checks file references: unknown token 2019, bad URL 1004, two sources 1004', async () => {
    const { sim } = makeSim();
    const v2 = api(sim.apiBase('v2'));
    const post = (file: unknown) => v2.post('/task', { type: 'image_to_model', file });
    expect((await post({ type: 'png', file_token: crypto.randomUUID() })).json.code).toBe(2019);
    expect((await post({ url: 'ftp://x/y.png' })).json.code).toBe(1004);
    expect((await post({ url: 'https://x/y.png', file_token: 'abc' })).json.code).toBe(1004);
    expect((await post('https://x/y.png')).json.code).toBe(1004);
    const v3 = await api(sim.apiBase('v3')).post('/generation/image-to-model', {
      input: 'not a url or token',
    });
    expect(v3.json.code).toBe(1004);
  });
});

describe('bad input never crashes', () => {
  it.each([
    ['missing body', undefined],
    ['malformed JSON', '{"prompt": '],
    ['an array', '[1,2]'],
    ['null', 'null'],
  ])('%s → 400 / 1003 in each dialect', async (_name, body) => {
    const { sim } = makeSim();
    const v3 = await api(sim.apiBase('v3')).call('POST', '/generation/text-to-model', body);
    const v2 = await api(sim.apiBase('v2')).call('POST', '/task', body);
    expect([v3.status, v3.json.code, v3.json.status]).toEqual([400, 1003, 'error']);
    expect([v2.status, v2.json.code]).toEqual([400, 1003]);
  });

  it('an oversized body → 413 / 1003', async () => {
    const { sim } = makeSim({ maxJsonBytes: 1000 });
    const big = { prompt: 'a cube', pad: 'x'.repeat(5000) };
    const v3 = await api(sim.apiBase('v3')).post('/generation/text-to-model', big);
    const v2 = await api(sim.apiBase('v2')).post('/task', { type: 'text_to_model', ...big });
    expect([v3.status, v3.json.code]).toEqual([413, 1003]);
    expect([v2.status, v2.json.code]).toEqual([413, 1003]);
  });

  it('an unknown route → 404 with the dialect envelope (4001)', async () => {
    const { sim } = makeSim();
    const v3 = await api(sim.apiBase('v3')).get('/nothing/here');
    const v2 = await api(sim.apiBase('v2')).post('/tasks/list', {});
    const root = await api(sim.origin).get('/elsewhere');
    expect([v3.status, v3.json.code, v3.json.status]).toEqual([404, 4001, 'error']);
    expect([v2.status, v2.json.code, v2.json.status]).toEqual([404, 4001, undefined]);
    expect([root.status, root.json.code]).toEqual([404, 4001]);
  });

  it('a wrong or missing key → 401 before anything else (v2 1002, v3 2)', async () => {
    const { sim } = makeSim({ apiKey: 'tsk_pinned' });
    const pinned = await api(sim.apiBase('v3'), 'tsk_pinned').get('/account/balance');
    const wrong = await api(sim.apiBase('v3'), 'tsk_other').get('/account/balance');
    const none = await api(sim.apiBase('v2'), null).post('/task', '{not json');
    expect(pinned.status).toBe(200);
    expect([wrong.status, wrong.json.code]).toEqual([401, 2]);
    expect([none.status, none.json.code]).toEqual([401, 1002]);
  });

  it('uploads: missing field 1004, empty 2003, unsupported 2004, v2 rejects models, too large 413', async () => {
    const { sim } = makeSim({ maxUploadBytes: 2048 });
    const upload = async (base: string, name: string, bytes: Uint8Array | null, field = 'file') => {
      const form = new FormData();
      if (bytes) form.append(field, new Blob([bytes as Uint8Array<ArrayBuffer>]), name);
      const res = await fetch(base, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}` },
        body: form,
      });
      return { status: res.status, json: await res.json() };
    };
    const v2 = `${sim.apiBase('v2')}/upload`;
    const v3 = `${sim.apiBase('v3')}/files`;
    const glb = new TextEncoder().encode('glTF\u0002\u0000\u0000\u0000rest');
    expect((await upload(v2, 'a.png', null)).json.code).toBe(1004);
    expect((await upload(v2, 'a.png', new Uint8Array())).json.code).toBe(2003);
    expect((await upload(v3, 'a.txt', new TextEncoder().encode('hello'))).json.code).toBe(2004);
    expect((await upload(v2, 'm.glb', glb)).json.code).toBe(2004);
    expect((await upload(v3, 'm.glb', glb)).json.data.file_token).toMatch(/^file_[0-9a-f-]{36}$/);
    const big = await upload(v3, 'big.png', new Uint8Array(10_000).fill(1));
    expect([big.status, big.json.code]).toEqual([413, 2021]);
    const notMultipart = await api(v2).call('POST', '', '{"file":1}');
    expect([notMultipart.status, notMultipart.json.code]).toEqual([400, 1003]);
  });
});
