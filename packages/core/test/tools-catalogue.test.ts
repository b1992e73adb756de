import { describe, expect, it } from 'vitest';
import {
  getTripoTool,
  selectTools,
  TRIPO_TOOL_NAMES,
  TripoError,
  toolInputJsonSchema,
  toolOutputJsonSchema,
  tripoTools,
  tripoToolsByName,
} from '../src/index.js';

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
    for (const name of EXPECTED) {
      expect(getTripoTool(name)?.name).toBe(name);
      expect(tripoToolsByName[name as keyof typeof tripoToolsByName].name).toBe(name);
    }
    expect(getTripoTool('toString')).toBeUndefined();
  });

  it('gives every tool a title, a model-facing description, annotations and object JSON schemas', () => {
    for (const tool of tripoTools) {
      expect(tool.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(tool.title.length).toBeGreaterThan(3);
      expect(tool.description.length).toBeGreaterThan(120);
      expect(tool.description.length).toBeLessThan(1400);
      const input = toolInputJsonSchema(tool);
      expect(input.type, tool.name).toBe('object');
      expect(toolOutputJsonSchema(tool).type, tool.name).toBe('object');
      expect(typeof tool.annotations.readOnly).toBe('boolean');
      if (tool.annotations.readOnly) expect(tool.annotations.spendsCredits).toBe(false);
    }
  });

  it('states the cost in the description of every tool that spends credits', () => {
    for (const tool of tripoTools.filter((t) => t.annotations.spendsCredits)) {
      expect(tool.description, tool.name).toMatch(/credits/i);
      expect(tool.description, tool.name).toMatch(/wait_for_task/);
    }
  });

  it('uses Tripo parameter names in the inputs', () => {
    const text = toolInputJsonSchema(tripoToolsByName.create_3d_model_from_text) as {
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
    const image = toolInputJsonSchema(tripoToolsByName.create_3d_model_from_image) as { required?: string[] };
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
