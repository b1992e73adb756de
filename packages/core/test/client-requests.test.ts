import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { V3_DEFAULT_MODELS } from '../src/client/requests/versions.js';
import { type CreateTaskRequest, TASK_TYPES, TripoClient, TripoError } from '../src/index.js';

const ORIGIN = 'http://capture.test';
const KEY = 'tsk_capture_secret';
const SRC = '0b9a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const TOKEN = 'file_abc123';
const IMG = 'https://img.example/cat.png';

interface Captured {
  method: string;
  path: string;
  body: unknown;
}
const captured: Captured[] = [];
const server = setupServer(
  http.post(`${ORIGIN}/*`, async ({ request }) => {
    captured.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body: await request.json(),
    });
    return HttpResponse.json({ code: 0, data: { task_id: 'new-task-1' } });
  }),
);
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => {
  captured.length = 0;
});
afterAll(() => server.close());

interface Case {
  request: CreateTaskRequest;
  /** The v2 body without `type`. */
  v2: Record<string, unknown>;
  v3: { route: string; body: Record<string, unknown> };
}

/** One request per task type, and what each dialect must put on the wire. */
const CASES: Case[] = [
  {
    request: {
      type: 'text_to_model',
      prompt: 'a red fox',
      model_version: 'v3.1-20260211',
      texture: false,
      face_limit: 5000,
    },
    v2: { prompt: 'a red fox', model_version: 'v3.1-20260211', texture: false, face_limit: 5000 },
    v3: {
      route: '/generation/text-to-model',
      body: { prompt: 'a red fox', model: 'v3.1-20260211', texture: false, face_limit: 5000 },
    },
  },
  {
    request: { type: 'image_to_model', file: IMG, texture_alignment: 'geometry' },
    v2: { file: { type: 'png', url: IMG }, texture_alignment: 'geometry' },
    v3: {
      route: '/generation/image-to-model',
      body: { input: IMG, texture_alignment: 'geometry', model: 'v3.1-20260211' },
    },
  },
  {
    request: {
      type: 'multiview_to_model',
      files: [TOKEN, null, { url: IMG }, null],
      model_version: 'P1-20260311',
    },
    v2: {
      files: [{ type: 'jpg', file_token: TOKEN }, {}, { type: 'png', url: IMG }, {}],
      model_version: 'P1-20260311',
    },
    v3: {
      route: '/generation/multiview-to-model',
      body: { inputs: [TOKEN, '', { url: IMG }, ''], model: 'P1-20260311' },
    },
  },
  {
    request: {
      type: 'texture_model',
      original_model_task_id: SRC,
      texture_prompt: { text: 'rusty metal' },
      pbr: false,
    },
    v2: { original_model_task_id: SRC, texture_prompt: { text: 'rusty metal' }, pbr: false },
    v3: { route: '/models/texture', body: { input: SRC, text_prompt: 'rusty metal', pbr: false } },
  },
  {
    request: { type: 'refine_model', draft_model_task_id: SRC },
    v2: { draft_model_task_id: SRC },
    v3: { route: '/models/refine', body: { input: SRC } },
  },
  {
    request: { type: 'stylize_model', original_model_task_id: SRC, style: 'minecraft', block_size: 64 },
    v2: { original_model_task_id: SRC, style: 'minecraft', block_size: 64 },
    v3: { route: '/models/stylize', body: { input: SRC, style: 'minecraft', block_size: 64 } },
  },
  {
    request: {
      type: 'convert_model',
      original_model_task_id: SRC,
      format: 'FBX',
      quad: true,
      with_animation: false,
    },
    v2: { original_model_task_id: SRC, format: 'FBX', quad: true, with_animation: false },
    v3: { route: '/models/convert', body: { input: SRC, format: 'FBX', quad: true, with_animation: false } },
  },
  {
    request: { type: 'animate_prerigcheck', original_model_task_id: SRC },
    v2: { original_model_task_id: SRC },
    v3: { route: '/animations/rig-check', body: { input: SRC } },
  },
  {
    request: {
      type: 'animate_rig',
      original_model_task_id: SRC,
      model_version: 'v2.5-20260210',
      spec: 'mixamo',
    },
    v2: { original_model_task_id: SRC, model_version: 'v2.5-20260210', spec: 'mixamo' },
    v3: { route: '/animations/rig', body: { input: SRC, model: 'v2.5-20260210', spec: 'mixamo' } },
  },
  {
    request: {
      type: 'animate_retarget',
      original_model_task_id: SRC,
      animations: ['preset:idle', 'preset:walk'],
      export_with_geometry: false,
    },
    v2: {
      original_model_task_id: SRC,
      animations: ['preset:idle', 'preset:walk'],
      export_with_geometry: false,
    },
    v3: {
      route: '/animations/retarget',
      body: { input: SRC, animations: ['preset:idle', 'preset:walk'], export_with_geometry: false },
    },
  },
  {
    request: { type: 'mesh_segmentation', original_model_task_id: SRC },
    v2: { original_model_task_id: SRC },
    v3: { route: '/mesh/segment', body: { input: SRC } },
  },
  {
    request: { type: 'mesh_completion', original_model_task_id: SRC, part_names: ['head'] },
    v2: { original_model_task_id: SRC, part_names: ['head'] },
    v3: { route: '/mesh/complete', body: { input: SRC, part_names: ['head'] } },
  },
  {
    request: { type: 'highpoly_to_lowpoly', original_model_task_id: SRC, quad: true, face_limit: 8000 },
    v2: { original_model_task_id: SRC, quad: true, face_limit: 8000 },
    v3: { route: '/mesh/decimate', body: { input: SRC, quad: true, face_limit: 8000 } },
  },
  {
    request: { type: 'import_model', file: { object: { bucket: 'tripo-data', key: 'u/1/chair.glb' } } },
    v2: { file: { object: { bucket: 'tripo-data', key: 'u/1/chair.glb' }, type: 'glb' } },
    v3: {
      route: '/models/import',
      body: { input: { object: { bucket: 'tripo-data', key: 'u/1/chair.glb' } } },
    },
  },
  {
    request: { type: 'text_to_image', prompt: 'a teapot', negative_prompt: 'blurry' },
    v2: { prompt: 'a teapot', negative_prompt: 'blurry' },
    v3: {
      route: '/generation/text-to-image',
      body: { prompt: 'a teapot', negative_prompt: 'blurry', model: 'seedream_v4' },
    },
  },
  {
    request: { type: 'generate_image', prompt: 'make it blue', file: TOKEN, model_version: 'seedream_v5' },
    v2: { prompt: 'make it blue', file: { type: 'jpg', file_token: TOKEN }, model_version: 'seedream_v5' },
    v3: {
      route: '/generation/image-to-image',
      body: { prompt: 'make it blue', input: TOKEN, model: 'seedream_v5' },
    },
  },
  {
    request: { type: 'generate_multiview_image', file: { file_token: TOKEN, type: 'webp' } },
    v2: { file: { file_token: TOKEN, type: 'webp' } },
    v3: { route: '/generation/image-to-multiview', body: { input: { file_token: TOKEN, type: 'webp' } } },
  },
  {
    request: {
      type: 'edit_multiview_image',
      original_task_id: SRC,
      prompts: [{ view: 'left', prompt: 'add a hat' }],
    },
    v2: { original_task_id: SRC, prompts: [{ view: 'left', prompt: 'add a hat' }] },
    v3: {
      route: '/generation/edit-multiview',
      body: { input: SRC, prompts: [{ view: 'left', prompt: 'add a hat' }] },
    },
  },
];

function client(version: 'v2' | 'v3'): TripoClient {
  return new TripoClient({
    apiKey: KEY,
    baseUrl: `${ORIGIN}${version === 'v2' ? '/v2/openapi' : '/v3'}`,
    env: {},
  });
}

describe('request mapping', () => {
  it('covers every task type', () => {
    expect(new Set(CASES.map((c) => c.request.type))).toEqual(new Set(TASK_TYPES));
  });

  it.each(CASES.map((c) => [c.request.type, c] as const))(
    'v2 %s: POST /task with type and Tripo names',
    async (_, c) => {
      const result = await client('v2').createTask(c.request);
      expect(result.taskId).toBe('new-task-1');
      expect(captured).toEqual([
        { method: 'POST', path: '/v2/openapi/task', body: { type: c.request.type, ...c.v2 } },
      ]);
    },
  );

  it.each(CASES.map((c) => [c.request.type, c] as const))(
    'v3 %s: its own route, model and input',
    async (_, c) => {
      await client('v3').createTask(c.request);
      expect(captured).toEqual([{ method: 'POST', path: `/v3${c.v3.route}`, body: c.v3.body }]);
    },
  );

  it('sends explicit false, zero-like and default-equal values, and omits undefined', async () => {
    await client('v2').createTask({
      type: 'animate_retarget',
      original_model_task_id: SRC,
      animation: 'preset:run',
      export_with_geometry: true,
      animate_in_place: false,
      out_format: undefined,
    });
    expect(captured[0]?.body).toEqual({
      type: 'animate_retarget',
      original_model_task_id: SRC,
      animation: 'preset:run',
      export_with_geometry: true,
      animate_in_place: false,
    });
  });

  it('routes a text-only generate_image to text-to-image on v3', async () => {
    await client('v3').createTask({
      type: 'generate_image',
      prompt: 'a lighthouse',
      model_version: 'seedream_v4',
    });
    expect(captured[0]).toMatchObject({
      path: '/v3/generation/text-to-image',
      body: { prompt: 'a lighthouse', model: 'seedream_v4' },
    });
  });

  it('chains a multiview task by id on both dialects', async () => {
    await client('v2').createTask({ type: 'multiview_to_model', original_task_id: SRC });
    await client('v3').createTask({ type: 'multiview_to_model', original_task_id: SRC });
    expect(captured[0]?.body).toEqual({ type: 'multiview_to_model', original_task_id: SRC });
    expect(captured[1]?.body).toEqual({ inputs: [{ task_id: SRC }], model: 'v3.1-20260211' });
  });
});

describe('v3 model defaults and names', () => {
  const GENERATION: CreateTaskRequest[] = [
    { type: 'text_to_model', prompt: 'a fox' },
    { type: 'image_to_model', file: IMG },
    { type: 'multiview_to_model', original_task_id: SRC },
  ];

  it('sends an explicit current version for every 3D generation on v3, none on v2, and the caller’s own wins', async () => {
    for (const request of GENERATION) {
      await client('v3').createTask(request);
      await client('v2').createTask(request);
      await client('v3').createTask({ ...request, model_version: 'P2-20260801' } as CreateTaskRequest);
    }
    const nth = (k: number) =>
      captured.filter((_, i) => i % 3 === k).map((c) => c.body as Record<string, unknown>);
    expect(nth(0).map((b) => b.model)).toEqual(GENERATION.map(() => V3_DEFAULT_MODELS.generation));
    expect(nth(1).map((b) => b.model_version)).toEqual(GENERATION.map(() => undefined));
    expect(nth(2).map((b) => b.model)).toEqual(GENERATION.map(() => 'P2-20260801'));
  });

  it('defaults image models per route on v3: seedream_v4 from text, seedream_v5 with a reference image', async () => {
    await client('v3').createTask({ type: 'generate_image', prompt: 'a lighthouse' });
    await client('v3').createTask({ type: 'generate_image', prompt: 'make it red', file: IMG });
    await client('v2').createTask({ type: 'generate_image', prompt: 'a lighthouse' });
    expect(captured.map((c) => [c.path, (c.body as { model?: string }).model])).toEqual([
      ['/v3/generation/text-to-image', V3_DEFAULT_MODELS.textToImage],
      ['/v3/generation/image-to-image', V3_DEFAULT_MODELS.imageToImage],
      ['/v2/openapi/task', undefined],
    ]);
  });

  it('refuses v2’s image model names and seedream_v4 with a reference image on v3, before sending', async () => {
    for (const request of [
      { type: 'generate_image', prompt: 'a kite', model_version: 'flux.1_kontext_pro' },
      { type: 'generate_image', prompt: 'a kite', model_version: 'gemini_3_pro_image_preview' },
      { type: 'generate_image', prompt: 'make it red', file: IMG, model_version: 'seedream_v4' },
    ] as const) {
      const error = await client('v3')
        .createTask(request)
        .catch((e: unknown) => e);
      expect(error, request.model_version).toMatchObject({ code: 'invalid_request', field: 'model_version' });
      expect((error as TripoError).suggestion).toMatch(/seedream_v5/);
    }
    expect(captured).toEqual([]);
    // v2 still takes its own names.
    await client('v2').createTask({
      type: 'generate_image',
      prompt: 'a kite',
      model_version: 'flux.1_kontext_pro',
    });
    expect(captured).toHaveLength(1);
  });

  it('refuses the generation versions retired on v3 before sending; v2 sends them', async () => {
    const retired = ['v2.0-20240919', 'Turbo-v1.0-20250506'];
    for (const model_version of retired) {
      const requests: CreateTaskRequest[] = [
        { type: 'text_to_model', prompt: 'a kite', model_version },
        { type: 'image_to_model', file: IMG, model_version },
        { type: 'multiview_to_model', files: [IMG, IMG, null, null], model_version },
      ];
      for (const request of requests) {
        const error = await client('v3')
          .createTask(request)
          .catch((e: unknown) => e);
        expect(error, `${request.type} ${model_version}`).toMatchObject({
          code: 'invalid_request',
          field: 'model_version',
          message: expect.stringMatching(/retired on the v3 API/),
          suggestion: expect.stringMatching(/v3\.1-20260211/),
        });
      }
    }
    expect(captured).toEqual([]);
    for (const model_version of retired)
      await client('v2').createTask({ type: 'text_to_model', prompt: 'a kite', model_version });
    expect(captured.map((c) => (c.body as { model_version?: string }).model_version)).toEqual(retired);
  });

  it('sends texture_version, delight and export_orientation on a v3 generation as given', async () => {
    await client('v3').createTask({
      type: 'image_to_model',
      file: IMG,
      texture_version: 'v3.5-20260815',
      delight: false,
      export_orientation: '-y',
    });
    expect(captured[0]?.body).toMatchObject({
      texture_version: 'v3.5-20260815',
      delight: false,
      export_orientation: '-y',
    });
  });
});

describe('task ids', () => {
  const PREFIXED = 'task_9f2c4e1ab7d35086';

  it('takes task_-prefixed ids and bare UUIDs as sources and inputs, verbatim, never adding a prefix', async () => {
    await client('v3').createTask({ type: 'image_to_model', file: PREFIXED });
    await client('v3').createTask({ type: 'convert_model', original_model_task_id: PREFIXED, format: 'OBJ' });
    await client('v3').createTask({ type: 'convert_model', original_model_task_id: SRC, format: 'OBJ' });
    await client('v2').createTask({ type: 'convert_model', original_model_task_id: PREFIXED, format: 'OBJ' });
    expect(
      captured.map(
        (c) =>
          (c.body as { input?: unknown; original_model_task_id?: unknown }).input ??
          (c.body as { original_model_task_id?: unknown }).original_model_task_id,
      ),
    ).toEqual([PREFIXED, PREFIXED, SRC, PREFIXED]);
  });

  it('refuses a task id as a v2 file input (v2 chains tasks only by its *_task_id fields), sending nothing', async () => {
    const error = await client('v2')
      .createTask({ type: 'image_to_model', file: PREFIXED })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_request' });
    expect((error as TripoError).suggestion).toMatch(/v3/);
    expect(captured).toEqual([]);
  });
});

/** Invalid requests: the field is named, allowed values listed, nothing is sent. */
const INVALID: Array<[string, unknown, string, RegExp]> = [
  ['emoji in the prompt', { type: 'text_to_model', prompt: 'a fox 🦊' }, 'prompt', /emoji/],
  ['an over-long prompt', { type: 'text_to_model', prompt: 'x'.repeat(1025) }, 'prompt', /1024/],
  ['a blank prompt', { type: 'text_to_image', prompt: '   ' }, 'prompt', /empty/],
  [
    'an unknown enum value',
    { type: 'text_to_model', prompt: 'a', texture_quality: 'ultra' },
    'texture_quality',
    /standard.*detailed.*extreme/,
  ],
  [
    'an out-of-range face_limit for P1',
    { type: 'text_to_model', prompt: 'a', model_version: 'P1-20260311', face_limit: 30000 },
    'face_limit',
    /48 and 20000/,
  ],
  [
    'quad: false with P1',
    { type: 'image_to_model', file: IMG, model_version: 'P1-20260311', quad: false },
    'quad',
    /P1/,
  ],
  [
    'generate_parts with texture on',
    { type: 'text_to_model', prompt: 'a', generate_parts: true, pbr: false },
    'texture',
    /texture: false/,
  ],
  [
    'generate_parts with quad',
    { type: 'text_to_model', prompt: 'a', generate_parts: true, texture: false, pbr: false, quad: true },
    'quad',
    /quad/,
  ],
  ['a 3-slot multiview', { type: 'multiview_to_model', files: [IMG, IMG, IMG] }, 'files', /4/],
  [
    'a multiview without front',
    { type: 'multiview_to_model', files: [null, IMG, IMG, null] },
    'files[0]',
    /front/,
  ],
  [
    'a multiview with one view',
    { type: 'multiview_to_model', files: [IMG, null, null, null] },
    'files',
    /at least 2/,
  ],
  [
    'six animations',
    {
      type: 'animate_retarget',
      original_model_task_id: SRC,
      animations: ['preset:idle', 'preset:walk', 'preset:run', 'preset:dive', 'preset:climb', 'preset:jump'],
    },
    'animations',
    /5/,
  ],
  ['no animation', { type: 'animate_retarget', original_model_task_id: SRC }, 'animation', /animation/],
  [
    'an unknown preset',
    { type: 'animate_retarget', original_model_task_id: SRC, animation: 'preset:moonwalk' },
    'animation',
    /preset:idle/,
  ],
  [
    'a malformed biped preset',
    { type: 'animate_retarget', original_model_task_id: SRC, animation: 'preset:biped:Big Wave' },
    'animation',
    /preset:biped:<name>/,
  ],
  [
    'block_size on a style without blocks',
    { type: 'stylize_model', original_model_task_id: SRC, style: 'voronoi', block_size: 64 },
    'block_size',
    /lego, voxel and minecraft/,
  ],
  ['a local path as image', { type: 'image_to_model', file: '/home/me/cat.png' }, 'file', /uploadFile/],
  [
    'a typo in a field name',
    { type: 'text_to_model', prompt: 'a', facelimit: 10 },
    'facelimit',
    /Allowed: .*face_limit/,
  ],
  ['an unknown task type', { type: 'animate_model', original_model_task_id: SRC }, 'type', /text_to_model/],
  [
    'a bad task id',
    { type: 'convert_model', original_model_task_id: '../balance', format: 'GLTF' },
    'original_model_task_id',
    /task id/,
  ],
  [
    'an unknown convert format',
    { type: 'convert_model', original_model_task_id: SRC, format: 'DAE' },
    'format',
    /GLTF/,
  ],
  [
    'a geometry_quality on H2',
    { type: 'text_to_model', prompt: 'a', model_version: 'v2.5-20250123', geometry_quality: 'detailed' },
    'geometry_quality',
    /H3/,
  ],
];

describe.each(['v2', 'v3'] as const)('validation (%s)', (version) => {
  it.each(INVALID)('rejects %s', async (_, request, field, message) => {
    const error = await client(version)
      .createTask(request as CreateTaskRequest)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'invalid_request', field });
    expect((error as TripoError).message).toMatch(message);
    expect(captured).toHaveLength(0);
  });

  it('takes the biped preset library and block_size on every block style', async () => {
    await client(version).createTask({
      type: 'animate_retarget',
      original_model_task_id: SRC,
      animations: ['preset:biped:cast_a_spell', 'preset:walk'],
    });
    for (const style of ['lego', 'voxel', 'minecraft'] as const)
      await client(version).createTask({
        type: 'stylize_model',
        original_model_task_id: SRC,
        style,
        block_size: 40,
      });
    expect(captured).toHaveLength(4);
  });

  it('rejects a malformed task id before any request', async () => {
    await expect(client(version).getTask('a/b')).rejects.toMatchObject({
      code: 'invalid_request',
      field: 'task_id',
    });
    expect(captured).toHaveLength(0);
  });
});
