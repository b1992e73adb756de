import { ApiError, invalidParam } from './errors.js';
import {
  checkFile,
  checkPrompt,
  isEmptySlot,
  isObject,
  optBool,
  optEnum,
  optInt,
  optNumber,
  optString,
  optStrings,
  requireTask,
  type ValidationContext,
} from './param-checks.js';
import { GENERATION_TYPES, MODEL_SOURCE_TYPES, type TaskType } from './task-types.js';
import type { TaskRecord } from './tasks.js';
import type { FileRef, Params } from './types.js';

export type { ValidationContext } from './param-checks.js';

/** The inputs a valid request refers to. */
export interface ValidatedInputs {
  /** The source task of a chained task (texture, convert, rig, multiview from a task, …). */
  source?: TaskRecord;
  /** Input files in request order (empty multiview slots left out). */
  files: FileRef[];
}
/** 3D generation versions and their line (§11.1, JSSDK `ModelVersion`). */
export const GENERATION_VERSIONS: Readonly<Record<string, 'H3' | 'H2' | 'P1' | 'P2' | 'Turbo'>> = {
  'v3.1-20260211': 'H3',
  'v3.0-20250812': 'H3',
  'v2.5-20250123': 'H2',
  'v2.0-20240919': 'H2',
  'P1-20260311': 'P1',
  'P2-20260801': 'P2',
  'Turbo-v1.0-20250506': 'Turbo',
};
const DEPRECATED_VERSIONS = new Set([
  'v1.4-20240625',
  'v1.3-20240522',
  'v2.0-20250506',
  'P-v1.0-20250506',
  'v1.0-20240301-deprecated',
]);

/** Image models for text_to_image / generate_image (§11.12 and the v3 aliases). */
export const IMAGE_MODELS: readonly string[] = [
  'flux.1_kontext_pro',
  'flux.1_dev',
  'gpt_4o',
  'z_image',
  'gpt_image_1.5',
  'gpt_image_2',
  'midjourney',
  'gemini_2.5_flash_image_preview',
  'gemini_3_pro_image_preview',
  'gemini_3.1_flash_image_preview',
  'seedream_v4',
  'seedream_v5',
  'banana',
  'banana_pro',
  'banana2',
  'chat_image_2',
  'chat_image_2.5_flare',
  'chat_image_2.5_sunburst',
];

const TEXTURE_QUALITIES = ['standard', 'detailed', 'extreme'] as const;
const RIG_TYPES = [
  'biped',
  'quadruped',
  'hexapod',
  'octopod',
  'avian',
  'serpentine',
  'aquatic',
  'others',
] as const;
const ANIMATIONS = [
  'preset:idle',
  'preset:walk',
  'preset:run',
  'preset:dive',
  'preset:climb',
  'preset:jump',
  'preset:slash',
  'preset:shoot',
  'preset:hurt',
  'preset:fall',
  'preset:turn',
  'preset:quadruped:walk',
  'preset:hexapod:walk',
  'preset:octopod:walk',
  'preset:serpentine:march',
  'preset:aquatic:march',
] as const;
const CONVERT_FORMATS = ['GLTF', 'GLB', 'USDZ', 'FBX', 'OBJ', 'STL', '3MF'] as const;
const TEXTURE_FORMATS = ['BMP', 'DPX', 'HDR', 'JPEG', 'OPEN_EXR', 'PNG', 'TARGA', 'TIFF', 'WEBP'] as const;
const ORIENTATIONS = ['+x', '-x', '+y', '-y'] as const;
const STYLES = ['lego', 'voxel', 'voronoi', 'minecraft', 'keyring', 'fridge_magnet', 'keycap'] as const;
const VIEWS = ['front', 'left', 'back', 'right'] as const;
const TEXTURE_VERSIONS = ['v3.5-20260815', 'v3.0-20250812', 'v2.5-20250123'] as const;
/** The biped library of the v1.0-20240301 rig: `preset:biped:<name>` (90+ names; any well-formed one passes). */
const BIPED_LIBRARY = /^preset:biped:[a-z0-9_]+$/;
const LEGACY_RIG = 'v1.0-20240301';
/** The version a generation runs on when it names none: v2's documented default, or v3.1 on a lenient v3. */
function defaultVersion(ctx: ValidationContext): string {
  return ctx.dialect === 'v3' ? 'v3.1-20260211' : 'v2.5-20250123';
}

function checkGeneration(type: TaskType, p: Params, ctx: ValidationContext): void {
  const version = p.model_version;
  if (version !== undefined) {
    if (typeof version !== 'string') throw invalidParam('model_version', 'must be a string');
    if (DEPRECATED_VERSIONS.has(version)) throw new ApiError(2015, `\`${version}\` is deprecated.`);
    if (!(version in GENERATION_VERSIONS)) throw new ApiError(2017, `Unknown model_version \`${version}\`.`);
  }
  const line = GENERATION_VERSIONS[String(version ?? defaultVersion(ctx))] ?? 'H2';
  optInt(p, 'image_seed');
  optInt(p, 'model_seed');
  optInt(p, 'texture_seed');
  optBool(p, 'texture', 'pbr', 'quad', 'smart_low_poly', 'generate_parts', 'auto_size', 'export_uv');
  optEnum(p, 'texture_quality', [...TEXTURE_QUALITIES, 'fast']);
  optEnum(p, 'geometry_quality', ['standard', 'detailed']);
  optEnum(p, 'compress', ['geometry', 'meshopt']);
  optEnum(p, 'export_orientation', ORIENTATIONS);
  optString(p, 'style');
  optEnum(p, 'texture_version', TEXTURE_VERSIONS);
  optBool(p, 'delight');
  if (line === 'P1') {
    for (const k of ['quad', 'smart_low_poly', 'generate_parts', 'geometry_quality']) {
      if (p[k] !== undefined) throw invalidParam(k, 'is not supported by P1 models; omit it');
    }
  }
  if (line === 'Turbo') {
    for (const k of ['smart_low_poly', 'geometry_quality']) {
      if (p[k] !== undefined) throw invalidParam(k, 'is not supported by Turbo models');
    }
    if (type === 'multiview_to_model')
      throw new ApiError(2017, 'Turbo models do not accept multiview input.');
  }
  if (p.geometry_quality === 'detailed' && line !== 'H3')
    throw invalidParam('geometry_quality', 'needs an H3 model');
  if (p.generate_parts === true && (p.texture !== false || p.pbr !== false || p.quad === true)) {
    throw invalidParam('generate_parts', 'requires texture=false, pbr=false and quad=false');
  }
  if (p.texture === false && p.pbr === false && p.texture_quality !== undefined) {
    throw invalidParam('texture_quality', 'needs texture or pbr');
  }
  let [min, max] =
    line === 'P1'
      ? [48, 20_000]
      : line === 'Turbo'
        ? [1, 50_000]
        : line === 'H2'
          ? [1, 500_000]
          : [1, 2_000_000];
  if (line === 'H3' && p.geometry_quality !== 'detailed') max = 1_500_000;
  if (p.smart_low_poly === true) [min, max] = p.quad === true ? [500, 10_000] : [1000, 20_000];
  optInt(p, 'face_limit', min, max);
}

function checkImageModel(p: Params): void {
  const v = p.model_version;
  if (v === undefined) return;
  if (typeof v !== 'string' || !IMAGE_MODELS.includes(v))
    throw new ApiError(2017, `Unknown image model \`${String(v)}\`.`);
}

/** Validates the parameters of a new task (v2 vocabulary) and returns the inputs it refers to. */
export function validateCreate(type: TaskType, p: Params, ctx: ValidationContext): ValidatedInputs {
  const files: FileRef[] = [];
  const source = (
    name: string,
    allowed: ReadonlySet<TaskType>,
    codes?: { wrongType?: number; notSuccess?: number },
  ): TaskRecord => requireTask(name, p[name], allowed, ctx, codes);
  switch (type) {
    case 'text_to_model':
      checkPrompt(p, 'prompt', true);
      optString(p, 'negative_prompt', 255);
      checkGeneration(type, p, ctx);
      return { files };
    case 'image_to_model':
      if (p.file === undefined) throw invalidParam('file', 'is required');
      files.push(checkFile('file', p.file, ctx));
      checkGeneration(type, p, ctx);
      optEnum(p, 'texture_alignment', ['original_image', 'geometry']);
      optEnum(p, 'orientation', ['default', 'align_image']);
      optBool(p, 'enable_image_autofix');
      return { files };
    case 'multiview_to_model': {
      checkGeneration(type, p, ctx);
      optEnum(p, 'texture_alignment', ['original_image', 'geometry']);
      optEnum(p, 'orientation', ['default', 'align_image']);
      if ((p.files === undefined) === (p.original_task_id === undefined)) {
        throw invalidParam('files', 'or `original_task_id` is required (not both)');
      }
      if (p.original_task_id !== undefined) {
        return {
          files,
          source: source('original_task_id', new Set(['generate_multiview_image', 'edit_multiview_image'])),
        };
      }
      const list = p.files;
      if (!Array.isArray(list) || list.length !== 4)
        throw invalidParam('files', 'must hold exactly 4 views [front, left, back, right]');
      if (isEmptySlot(list[0])) throw invalidParam('files', 'needs the front view (index 0)');
      const filled = list.filter((f) => !isEmptySlot(f));
      if (filled.length < 2) throw invalidParam('files', 'needs at least 2 views');
      list.forEach((f, i) => {
        if (!isEmptySlot(f)) files.push(checkFile(`files[${i}]`, f, ctx));
      });
      return { files };
    }
    case 'refine_model': {
      const draft = source('draft_model_task_id', GENERATION_TYPES, { notSuccess: 2005 });
      const version = String(draft.params.model_version ?? 'v2.5-20250123');
      if (!version.startsWith('Turbo')) {
        throw new ApiError(2006, `Refining ${version} drafts is not supported.`);
      }
      return { files, source: draft };
    }
    case 'texture_model': {
      const src = source('original_model_task_id', MODEL_SOURCE_TYPES);
      optEnum(p, 'model_version', TEXTURE_VERSIONS);
      optBool(p, 'texture', 'pbr', 'bake');
      optInt(p, 'texture_seed');
      optInt(p, 'model_seed');
      optEnum(p, 'texture_alignment', ['original_image', 'geometry']);
      optEnum(p, 'texture_quality', [...TEXTURE_QUALITIES, 'fast']);
      optStrings(p, 'part_names');
      optEnum(p, 'compress', ['geometry']);
      const tp = p.texture_prompt;
      if (tp !== undefined) {
        if (!isObject(tp)) throw invalidParam('texture_prompt', 'must be an object');
        const given = ['text', 'image', 'images'].filter((k) => tp[k] !== undefined);
        if (given.length > 1) throw invalidParam('texture_prompt', 'takes only one of text, image, images');
        if (tp.text !== undefined) checkPrompt(tp, 'text', true);
        if (tp.image !== undefined) files.push(checkFile('texture_prompt.image', tp.image, ctx));
        if (tp.images !== undefined) {
          if (!Array.isArray(tp.images) || tp.images.length !== 4)
            throw invalidParam('texture_prompt.images', 'must hold 4 files');
          tp.images.forEach((f, i) => {
            if (!isEmptySlot(f)) files.push(checkFile(`texture_prompt.images[${i}]`, f, ctx));
          });
        }
        if (tp.style_image !== undefined)
          files.push(checkFile('texture_prompt.style_image', tp.style_image, ctx));
      }
      return { files, source: src };
    }
    case 'stylize_model': {
      const src = source('original_model_task_id', MODEL_SOURCE_TYPES);
      if (p.style === undefined) throw invalidParam('style', 'is required');
      optEnum(p, 'style', STYLES);
      optInt(p, 'block_size', 32, 128);
      return { files, source: src };
    }
    case 'convert_model': {
      const src = source('original_model_task_id', MODEL_SOURCE_TYPES);
      if (p.format === undefined) throw invalidParam('format', 'is required');
      optEnum(p, 'format', CONVERT_FORMATS);
      optBool(
        p,
        'quad',
        'force_symmetry',
        'flatten_bottom',
        'pivot_to_center_bottom',
        'with_animation',
        'pack_uv',
        'bake',
      );
      optBool(p, 'animate_in_place', 'export_vertex_colors', 'assemble_animation');
      optInt(p, 'face_limit', 1, 2_000_000);
      optNumber(p, 'flatten_bottom_threshold', 0);
      optInt(p, 'texture_size', 1, 8192);
      optEnum(p, 'texture_format', TEXTURE_FORMATS);
      optNumber(p, 'scale_factor', Number.MIN_VALUE);
      optStrings(p, 'part_names');
      optEnum(p, 'export_orientation', ORIENTATIONS);
      optEnum(p, 'fbx_preset', ['blender', '3dsmax', 'mixamo']);
      return { files, source: src };
    }
    case 'import_model':
      if (p.file === undefined) throw invalidParam('file', 'is required');
      files.push(checkFile('file', p.file, ctx, { model: true }));
      return { files };
    case 'animate_prerigcheck':
      return { files, source: source('original_model_task_id', MODEL_SOURCE_TYPES, { wrongType: 2011 }) };
    case 'animate_rig': {
      const src = source('original_model_task_id', MODEL_SOURCE_TYPES);
      if (p.model_version === 'v2.0-20250506') throw new ApiError(2015, '`v2.0-20250506` is deprecated.');
      optEnum(p, 'model_version', ['v2.5-20260210', 'v1.0-20240301']);
      optEnum(p, 'rig_type', RIG_TYPES);
      optEnum(p, 'spec', ['tripo', 'mixamo']);
      optEnum(p, 'out_format', ['glb', 'fbx']);
      return { files, source: src };
    }
    case 'animate_retarget': {
      const src = source('original_model_task_id', new Set(['animate_rig']), { wrongType: 2012 });
      if ((p.animation === undefined) === (p.animations === undefined)) {
        throw invalidParam('animation', 'or `animations` is required (not both)');
      }
      const bipedLibrary = String(src.params.model_version ?? LEGACY_RIG) === LEGACY_RIG;
      const checkPreset = (name: string, a: unknown): void => {
        const known =
          typeof a === 'string' &&
          ((ANIMATIONS as readonly string[]).includes(a) || (bipedLibrary && BIPED_LIBRARY.test(a)));
        if (!known) throw invalidParam(name, 'is not a known preset for this rig');
      };
      if (p.animation !== undefined) checkPreset('animation', p.animation);
      if (p.animations !== undefined) {
        const list = p.animations;
        if (!Array.isArray(list) || list.length === 0 || list.length > 5) {
          throw invalidParam('animations', 'must hold 1 to 5 presets');
        }
        list.forEach((a, i) => {
          checkPreset(`animations[${i}]`, a);
        });
      }
      optEnum(p, 'out_format', ['glb', 'fbx']);
      optBool(p, 'bake_animation', 'export_with_geometry', 'animate_in_place');
      return { files, source: src };
    }
    case 'mesh_segmentation': {
      const src = source('original_model_task_id', MODEL_SOURCE_TYPES);
      optEnum(p, 'model_version', ['v1.0-20250506', 'v2.0-20260430']);
      return { files, source: src };
    }
    case 'mesh_completion': {
      const src = source('original_model_task_id', new Set(['mesh_segmentation']));
      optEnum(p, 'model_version', ['v1.0-20250506', 'P-v2.0-20251225']);
      optStrings(p, 'part_names');
      return { files, source: src };
    }
    case 'highpoly_to_lowpoly': {
      const src = source('original_model_task_id', MODEL_SOURCE_TYPES);
      if (p.model_version === 'P-v1.0-20250506') throw new ApiError(2015, '`P-v1.0-20250506` is deprecated.');
      optEnum(
        p,
        'model_version',
        ctx.dialect === 'v3'
          ? ['v2.0', 'v1.0', 'P-v2.0-20251225', 'P-v2.0-20251226']
          : ['P-v2.0-20251225', 'P-v2.0-20251226'],
      );
      optBool(p, 'quad', 'bake');
      optInt(p, 'face_limit', 500, p.quad === true ? 10_000 : 20_000);
      optStrings(p, 'part_names');
      return { files, source: src };
    }
    case 'text_to_image':
      checkPrompt(p, 'prompt', ctx.dialect === 'v2' || p.template === undefined);
      optString(p, 'negative_prompt', 255);
      optString(p, 'template');
      checkImageModel(p);
      return { files };
    case 'generate_image': {
      checkImageModel(p);
      optString(p, 'template');
      optBool(p, 't_pose', 'sketch_to_render');
      if (p.file !== undefined && p.files !== undefined)
        throw invalidParam('file', 'and `files` are mutually exclusive');
      if (p.file !== undefined) files.push(checkFile('file', p.file, ctx));
      if (p.files !== undefined) {
        if (!Array.isArray(p.files) || p.files.length === 0 || p.files.length > 16) {
          throw invalidParam('files', 'must hold 1 to 16 files');
        }
        p.files.forEach((f, i) => {
          files.push(checkFile(`files[${i}]`, f, ctx));
        });
      }
      checkPrompt(p, 'prompt', !(p.template !== undefined && files.length > 0));
      if (files.length === 0 && p.template !== undefined)
        throw invalidParam('file', 'is required with a template');
      return { files };
    }
    case 'generate_multiview_image':
      if (p.file === undefined) throw invalidParam('file', 'is required');
      files.push(checkFile('file', p.file, ctx));
      return { files };
    case 'edit_multiview_image': {
      const src = source('original_task_id', new Set(['generate_multiview_image', 'edit_multiview_image']));
      const prompts = p.prompts;
      if (!Array.isArray(prompts) || prompts.length < 1 || prompts.length > 4) {
        throw invalidParam('prompts', 'must hold 1 to 4 {view, prompt} items');
      }
      prompts.forEach((item, i) => {
        if (!isObject(item)) throw invalidParam(`prompts[${i}]`, 'must be {view, prompt}');
        optEnum(item, 'view', VIEWS);
        if (item.view === undefined) throw invalidParam(`prompts[${i}].view`, 'is required');
        checkPrompt(item, 'prompt', true);
      });
      return { files, source: src };
    }
  }
}
