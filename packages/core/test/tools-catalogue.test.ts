import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTripoToolkit,
  TRIPO_TOOL_NAMES,
  TripoError,
  tripoTools,
  tripoToolsByName,
} from '../src/index.js';
import { selectTools } from '../src/tools/select.js';

/** Every tool as a toolkit presents it: the definition plus its derived JSON Schemas and metadata. */
const kitTools = createTripoToolkit({ env: {} }).tools;
const kitTool = (name: keyof typeof tripoToolsByName) => kitTools.find((tool) => tool.name === name)!;

const EXPECTED = [
  'create_3d_model_from_text',
  'create_3d_model_from_image',
  'create_3d_model_from_multiview',
  'get_task_status',
  'wait_for_task',
  'generate_3d_model',
  'download_model',
  'texture_model',
  'refine_model',
  'stylize_model',
  'convert_model',
  'check_riggable',
  'rig_model',
  'retarget_animation',
  'segment_mesh',
  'complete_mesh',
  'smart_lowpoly',
  'import_model',
  'generate_image',
  'generate_multiview_image',
  'upload_file',
  'get_balance',
  'estimate_cost',
  'list_recent_tasks',
];

describe('tool catalogue', () => {
  it('lists every tool of the issue exactly once, by name and in the map', () => {
    expect([...TRIPO_TOOL_NAMES].sort()).toEqual([...EXPECTED].sort());
    expect(new Set(TRIPO_TOOL_NAMES).size).toBe(TRIPO_TOOL_NAMES.length);
    for (const name of EXPECTED)
      expect(tripoToolsByName[name as keyof typeof tripoToolsByName].name).toBe(name);
    expect(kitTools.map((tool) => tool.name)).toEqual([...TRIPO_TOOL_NAMES]);
  });

  it('gives every tool a title, a model-facing description, annotations and object JSON schemas', () => {
    for (const tool of kitTools) {
      expect(tool.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(tool.title.length).toBeGreaterThan(3);
      expect(tool.description.length).toBeGreaterThan(120);
      expect(tool.description.length).toBeLessThan(1400);
      expect(tool.inputJsonSchema.type, tool.name).toBe('object');
      expect(tool.outputJsonSchema.type, tool.name).toBe('object');
      expect(tool.metadata).toEqual({
        source: 'tripokit',
        title: tool.title,
        readOnly: tool.annotations.readOnly,
        spendsCredits: tool.annotations.spendsCredits,
      });
      expect(typeof tool.annotations.readOnly).toBe('boolean');
      if (tool.annotations.readOnly) expect(tool.annotations.spendsCredits).toBe(false);
    }
  });

  it('takes precomputed JSON Schemas for the very zod schemas they were derived from, derives the rest', () => {
    const seen: string[] = [];
    const balance = tripoToolsByName.get_balance;
    const kit = createTripoToolkit({
      env: {},
      tools: ['get_balance', 'get_task_status'],
      precomputedJsonSchemas: (schema, io) => {
        seen.push(io);
        return schema === balance.input ? { type: 'object', description: 'precomputed' } : undefined;
      },
    });
    const getBalance = kit.tools.find((tool) => tool.name === 'get_balance');
    const getStatus = kit.tools.find((tool) => tool.name === 'get_task_status');
    expect(seen).toEqual([]); // asked on first use only
    expect(getBalance?.inputJsonSchema).toEqual({ type: 'object', description: 'precomputed' });
    expect(getBalance?.outputJsonSchema).toEqual(kitTool('get_balance').outputJsonSchema);
    expect(getStatus?.inputJsonSchema).toEqual(kitTool('get_task_status').inputJsonSchema);
    expect(seen).toEqual(['input', 'output', 'input']);
  });

  it('derives portable JSON Schemas: no boolean subschemas, no type lists (nullable)', () => {
    // The checker itself must catch zod's artefacts, or the catalogue check below proves nothing.
    expect(nonPortable(z.toJSONSchema(z.tuple([z.string()])))).toEqual(['$.items: false']);
    expect(nonPortable(z.toJSONSchema(z.object({ a: z.number().nullable(), b: z.any() })))).toEqual([
      '$.properties.a.type: ["number","null"]',
    ]);
    expect(nonPortable({ properties: { a: true }, anyOf: [false] })).toEqual([
      '$.anyOf[0]: false',
      '$.properties.a: true',
    ]);
    for (const tool of kitTools) {
      expect(nonPortable(tool.inputJsonSchema), `${tool.name} input`).toEqual([]);
      expect(nonPortable(tool.outputJsonSchema), `${tool.name} output`).toEqual([]);
    }
  });

  it('states the cost in the description of every tool that spends credits', () => {
    for (const tool of tripoTools.filter((t) => t.annotations.spendsCredits)) {
      expect(tool.description, tool.name).toMatch(/credits/i);
      expect(tool.description, tool.name).toMatch(/wait_for_task/);
    }
  });

  it('uses Tripo parameter names in the inputs', () => {
    const text = kitTool('create_3d_model_from_text').inputJsonSchema as {
      properties: Record<string, unknown>;
      required?: string[];
    };
    for (const key of [
      'prompt',
      'negative_prompt',
      'model_version',
      'texture_quality',
      'face_limit',
      'pbr',
      'quad',
    ]) {
      expect(Object.keys(text.properties)).toContain(key);
    }
    expect(text.required).toEqual(['prompt']);
    const image = kitTool('create_3d_model_from_image').inputJsonSchema as { required?: string[] };
    expect(image.required).toEqual(['image']);
  });
});

describe('selectTools', () => {
  it('selects presets', () => {
    expect(selectTools().map((t) => t.name)).toEqual([...TRIPO_TOOL_NAMES]);
    expect(selectTools('core').map((t) => t.name)).toEqual([
      'generate_3d_model',
      'get_task_status',
      'wait_for_task',
      'download_model',
      'list_recent_tasks',
    ]);
    const readOnly = selectTools('read-only').map((t) => t.name);
    expect(readOnly).toEqual(
      expect.arrayContaining(['get_task_status', 'wait_for_task', 'get_balance', 'estimate_cost']),
    );
    expect(readOnly).not.toContain('download_model');
    const noSpend = selectTools('no-spend');
    expect(noSpend.every((t) => !t.annotations.spendsCredits)).toBe(true);
    expect(noSpend.map((t) => t.name)).toEqual(
      expect.arrayContaining(['download_model', 'check_riggable', 'import_model']),
    );
    expect(noSpend.map((t) => t.name)).not.toContain('generate_3d_model');
  });

  it('accepts names and presets mixed, as a list or a comma-separated string, in catalogue order', () => {
    expect(selectTools(['get_balance', 'core']).map((t) => t.name)).toEqual([
      'generate_3d_model',
      'get_task_status',
      'wait_for_task',
      'download_model',
      'get_balance',
      'list_recent_tasks',
    ]);
    expect(selectTools(' estimate_cost , get_balance ').map((t) => t.name)).toEqual([
      'get_balance',
      'estimate_cost',
    ]);
  });

  it('lets a toolkit take the selection from TRIPOKIT_TOOLS when no option says otherwise', () => {
    const env = { TRIPOKIT_TOOLS: ' read-only ' };
    const names = (options: Parameters<typeof createTripoToolkit>[0]) =>
      createTripoToolkit(options).tools.map((d) => d.name);
    expect(names({ env })).toEqual(selectTools('read-only').map((d) => d.name));
    expect(names({ env, tools: 'core' })).toEqual(selectTools('core').map((d) => d.name));
    expect(names({ env: {} })).toHaveLength(tripoTools.length);
  });

  it('refuses an unknown name with a config error listing the valid ones', () => {
    const error = (() => {
      try {
        selectTools(['generate_3d_model', 'make_coffee']);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TripoError);
    expect((error as TripoError).code).toBe('config');
    expect((error as TripoError).message).toContain('make_coffee');
    expect((error as TripoError).suggestion).toContain('wait_for_task');
  });
});

const SCHEMA_KEYS = [
  'items',
  'additionalItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalProperties',
];
const SCHEMA_LIST_KEYS = ['prefixItems', 'allOf', 'anyOf', 'oneOf'];
const SCHEMA_MAP_KEYS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];

/**
 * What strict MCP clients and `inspector --strict` reject in a tool schema: boolean subschemas (zod's
 * `items: false` after a tuple, `true` for "anything") and `type` lists such as `["number","null"]`.
 * `additionalProperties: false`, the usual way to close an object, is allowed.
 */
function nonPortable(schema: unknown, at = '$', found: string[] = []): string[] {
  if (typeof schema === 'boolean') {
    found.push(`${at}: ${schema}`);
    return found;
  }
  if (typeof schema !== 'object' || schema === null) return found;
  const node = schema as Record<string, unknown>;
  if (Array.isArray(node.type)) found.push(`${at}.type: ${JSON.stringify(node.type)}`);
  for (const key of SCHEMA_KEYS) {
    if (!(key in node) || (key === 'additionalProperties' && node[key] === false)) continue;
    nonPortable(node[key], `${at}.${key}`, found);
  }
  for (const key of SCHEMA_LIST_KEYS) {
    const list = node[key];
    if (Array.isArray(list))
      for (const [i, item] of list.entries()) nonPortable(item, `${at}.${key}[${i}]`, found);
  }
  for (const key of SCHEMA_MAP_KEYS) {
    const map = node[key];
    if (typeof map === 'object' && map !== null)
      for (const [name, item] of Object.entries(map)) nonPortable(item, `${at}.${key}.${name}`, found);
  }
  return found;
}
