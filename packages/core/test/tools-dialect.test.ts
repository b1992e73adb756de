import { describe, expect, it } from 'vitest';
import {
  V2_IMAGE_MODELS,
  V2_MODEL_VERSIONS,
  V2_ONLY_MODEL_VERSIONS,
  V3_IMAGE_MODELS,
  V3_MODEL_VERSIONS,
} from '../src/client/requests/versions.js';
import { type ApiVersion, createTripoToolkit, TripoClient, tripoToolsByName } from '../src/index.js';
import { useToolHarness } from './tools-harness.js';

const without = (names: readonly string[], other: readonly string[]) =>
  names.filter((n) => !other.includes(n));

/** The names only one dialect takes: what a toolkit on the other may never advertise. */
const EXCLUSIVE: Record<ApiVersion, readonly string[]> = {
  v3: [...without(V3_IMAGE_MODELS, V2_IMAGE_MODELS), ...without(V3_MODEL_VERSIONS, V2_MODEL_VERSIONS)],
  v2: [
    ...without(V2_IMAGE_MODELS, V3_IMAGE_MODELS),
    ...without(V2_MODEL_VERSIONS, V3_MODEL_VERSIONS),
    'gemini_',
  ],
};

/** Everything a model reads about a tool: its description and its advertised input schema. */
const advertised = (kit: ReturnType<typeof createTripoToolkit>) =>
  kit.tools.map((tool) => [tool.name, tool.description + JSON.stringify(tool.inputJsonSchema)] as const);

const kitOn = (apiVersion: ApiVersion) => createTripoToolkit({ env: { TRIPO_API_VERSION: apiVersion } });

describe('tools follow the dialect in use', () => {
  it('names no model of the other dialect in any description or input schema', () => {
    expect(EXCLUSIVE.v3).toEqual(expect.arrayContaining(['banana', 'chat_image_2', 'P2-20260801']));
    expect(EXCLUSIVE.v2).toEqual(
      expect.arrayContaining(['flux.1_kontext_pro', 'gpt_image_1.5', ...V2_ONLY_MODEL_VERSIONS]),
    );
    for (const [dialect, other] of [
      ['v3', 'v2'],
      ['v2', 'v3'],
    ] as const) {
      for (const [tool, text] of advertised(kitOn(dialect))) {
        const foreign = EXCLUSIVE[other].filter((name) => text.includes(name));
        expect(foreign, `${dialect} ${tool}`).toEqual([]);
      }
    }
  });

  it('names its own dialect’s models where a tool takes one', () => {
    const text = (kit: ReturnType<typeof createTripoToolkit>, name: string) =>
      JSON.stringify(kit.tools.find((tool) => tool.name === name)?.inputJsonSchema);
    const v3 = kitOn('v3');
    const v2 = kitOn('v2');
    expect([v3.apiVersion, v2.apiVersion]).toEqual(['v3', 'v2']);
    for (const model of V3_IMAGE_MODELS) expect(text(v3, 'generate_image')).toContain(model);
    for (const version of V3_MODEL_VERSIONS) expect(text(v3, 'generate_3d_model')).toContain(version);
    expect(text(v2, 'generate_image')).toContain('flux.1_kontext_pro (default)');
    for (const version of V2_MODEL_VERSIONS) expect(text(v2, 'create_3d_model_from_text')).toContain(version);
    expect(kitOn('v2').tools.find((t) => t.name === 'refine_model')?.description).toContain(
      'Turbo-v1.0-20250506',
    );
    // The catalogue's own definitions are the v3 form.
    expect(tripoToolsByName.generate_image.description).toBe(
      v3.tools.find((t) => t.name === 'generate_image')?.description,
    );
  });

  it('takes the dialect of a ready client, of the base URL, or of the environment; a factory must match it', () => {
    const v2Client = new TripoClient({ apiKey: 'tsk_x', apiVersion: 'v2', env: {} });
    expect(createTripoToolkit({ client: v2Client, env: {} }).apiVersion).toBe('v2');
    const byUrl = createTripoToolkit({
      clientOptions: { baseUrl: 'http://127.0.0.1:9/v2/openapi' },
      env: {},
    });
    expect(byUrl.apiVersion).toBe('v2');
    expect(createTripoToolkit({ env: {} }).apiVersion).toBe('v3');
    const mismatched = createTripoToolkit({ client: () => v2Client, env: {} });
    expect(() => mismatched.client).toThrow(expect.objectContaining({ code: 'config' }));
  });
});

describe('retired generation versions on a v3 toolkit', () => {
  const h = useToolHarness();
  const TOOLS = [
    ['generate_3d_model', { prompt: 'a fox' }],
    ['create_3d_model_from_text', { prompt: 'a fox' }],
    ['create_3d_model_from_image', { image: 'https://example.com/fox.png' }],
    ['create_3d_model_from_multiview', { original_task_id: 'task_abc' }],
  ] as const;

  it('are refused by input validation, naming the field and what to use; nothing is sent', async () => {
    for (const model_version of V2_ONLY_MODEL_VERSIONS) {
      for (const [tool, args] of TOOLS) {
        const out = await h.call(tool, { ...args, model_version });
        expect(out.error?.detail, `${tool} ${model_version}`).toMatchObject({
          code: 'invalid_request',
          field: 'model_version',
        });
        expect(out.error?.message).toMatch(/retired on the v3 API/);
        expect(out.error?.message).toContain('v3.1-20260211');
      }
    }
    expect(h.sim.requests).toEqual([]);
    const kit = createTripoToolkit(h.config);
    expect(
      kit.checkInput('create_3d_model_from_text', { prompt: 'a fox', model_version: 'v2.0-20240919' }),
    ).toMatchObject({ code: 'invalid_request', field: 'model_version' });
    // Current and unknown versions still pass (the API adds versions; the server decides).
    expect(
      kit.checkInput('create_3d_model_from_text', { prompt: 'a fox', model_version: 'P2-20260801' }),
    ).toBeUndefined();
    expect(
      kit.checkInput('create_3d_model_from_text', { prompt: 'a fox', model_version: 'v9.9-20300101' }),
    ).toBeUndefined();
  });
});

describe('retired generation versions on a v2 toolkit', () => {
  const h = useToolHarness({ apiVersion: 'v2' });

  it('are accepted: a Turbo draft is made and refined', async () => {
    const taskOf = async (tool: 'create_3d_model_from_text' | 'refine_model', args: object) => {
      const out = await h.call(tool, args);
      expect(out.error, `${tool}: ${out.error?.message}`).toBeUndefined();
      const taskId = out.result?.task_id as string;
      const done = await h.call('wait_for_task', { task_id: taskId, timeout_seconds: 600 });
      expect(done.result?.status, tool).toBe('success');
      return taskId;
    };
    await taskOf('create_3d_model_from_text', { prompt: 'a stool', model_version: 'v2.0-20240919' });
    const draft = await taskOf('create_3d_model_from_text', {
      prompt: 'a teapot',
      model_version: 'Turbo-v1.0-20250506',
    });
    await taskOf('refine_model', { draft_model_task_id: draft });
    expect(h.sim.tasks.map((t) => [t.dialect, t.type])).toEqual([
      ['v2', 'text_to_model'],
      ['v2', 'text_to_model'],
      ['v2', 'refine_model'],
    ]);
  });
});

describe('estimate_cost follows the dialect', () => {
  const plan = {
    requests: [
      { type: 'create_3d_model_from_text', model_version: 'Turbo-v1.0-20250506' },
      { type: 'generate_image', prompt: 'a fox', model_version: 'gpt_image_1.5' },
    ],
  };

  it('on v3 refuses to price a model v3 does not take, naming the field; on v2 prices it', () => {
    const v3 = kitOn('v3').checkInput('estimate_cost', plan);
    expect(v3).toMatchObject({ code: 'invalid_request' });
    expect(v3?.message).toMatch(/retired on the v3 API/);
    expect(v3?.message).toMatch(/requests\.0\.model_version|model_version/);
    expect(kitOn('v3').checkInput('estimate_cost', { requests: [plan.requests[1]] })?.message).toMatch(
      /no image model "gpt_image_1\.5"/,
    );
    expect(
      kitOn('v3').checkInput('estimate_cost', {
        requests: [{ type: 'create_3d_model_from_text', model_version: 'v3.1-20260211' }],
      }),
    ).toBeUndefined();
    expect(kitOn('v2').checkInput('estimate_cost', plan)).toBeUndefined();
  });

  it('on v2 prices the plan v3 refuses', async () => {
    const kit = kitOn('v2');
    let result: unknown;
    for await (const item of kit.call('estimate_cost', plan)) if (item.type === 'result') result = item;
    expect(result).toMatchObject({
      isError: false,
      structured: { estimates: [{ task_type: 'text_to_model' }, { task_type: 'generate_image' }] },
    });
  });
});
