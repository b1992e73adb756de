import type { TaskType } from './task-types.js';

type Params = Readonly<Record<string, unknown>>;

/** Line of a 3D generation model version: prices differ between H2/H3/Turbo and P1 (tripo-api.md §12). */
function isP1(params: Params): boolean {
  return typeof params.model_version === 'string' && params.model_version.startsWith('P1');
}

const TEXTURE_SURCHARGE: Readonly<Record<string, number>> = {
  standard: 10,
  detailed: 20,
  extreme: 30,
  fast: 10,
};

function textured(params: Params): boolean {
  return params.texture !== false || params.pbr === true;
}

function surcharge(params: Params): number {
  return TEXTURE_SURCHARGE[String(params.texture_quality ?? 'standard')] ?? 10;
}

function generationPrice(type: TaskType, params: Params): number {
  const fromText = type === 'text_to_model';
  const p1 = isP1(params);
  let price = p1 ? (fromText ? 30 : 40) : fromText ? 10 : 20;
  if (textured(params)) price += surcharge(params);
  if (!p1) {
    if (params.smart_low_poly === true) price += 10;
    if (params.quad === true) price += 5;
    if (params.generate_parts === true) price += 20;
    if (params.geometry_quality === 'detailed') price += 20;
  }
  return price;
}

const CONVERT_EXTRAS = [
  'quad',
  'face_limit',
  'flatten_bottom',
  'flatten_bottom_threshold',
  'texture_size',
  'texture_format',
  'pivot_to_center_bottom',
  'scale_factor',
] as const;

const PREMIUM_IMAGE_MODELS = new Set([
  'gpt_image_1.5',
  'gpt_image_2',
  'midjourney',
  'gemini_3_pro_image_preview',
  'gemini_3.1_flash_image_preview',
  'banana_pro',
  'chat_image_2',
  'chat_image_2.5_flare',
  'chat_image_2.5_sunburst',
]);

/**
 * Credits a task costs, from the v2 pricing table (§12). Guesses where the docs are silent: `stylize_model` 10,
 * `refine_model` 30 (documented in the README).
 */
export function priceOf(type: TaskType, params: Params): number {
  switch (type) {
    case 'text_to_model':
    case 'image_to_model':
    case 'multiview_to_model':
      return generationPrice(type, params);
    case 'texture_model':
      // The pricing page: 10, and 10 more for detailed (extreme's +20 is an estimate).
      return surcharge(params);
    case 'import_model':
    case 'animate_prerigcheck':
      return 0;
    case 'mesh_segmentation':
      return 40;
    case 'mesh_completion':
      return 50;
    case 'highpoly_to_lowpoly':
      return 30;
    case 'animate_rig':
      return 25;
    case 'animate_retarget':
      return 10 * (Array.isArray(params.animations) ? params.animations.length : 1);
    case 'convert_model':
      return CONVERT_EXTRAS.some((k) => params[k] !== undefined) ? 10 : 5;
    case 'text_to_image':
      return 5;
    case 'generate_image':
      return PREMIUM_IMAGE_MODELS.has(String(params.model_version)) ? 10 : 5;
    case 'generate_multiview_image':
      return 10;
    case 'edit_multiview_image':
      return 5 * (Array.isArray(params.prompts) ? params.prompts.length : 1);
    case 'stylize_model':
      return 10;
    case 'refine_model':
      return 30;
  }
}
