import { ApiError, invalidParam } from './errors.js';
import { GENERATION_TYPES, type TaskType } from './task-types.js';

/** v3's image model aliases (official JS SDK `ImageModel`, plus the text-to-image default `seedream_v4`). */
export const V3_IMAGE_ALIASES: readonly string[] = [
  'seedream_v4',
  'seedream_v5',
  'banana',
  'banana_pro',
  'banana2',
  'chat_image_2',
  'chat_image_2.5_flare',
  'chat_image_2.5_sunburst',
];

/** 3D generation versions the strict sources say v3 no longer offers. */
const RETIRED_ON_V3: ReadonlySet<string> = new Set(['v2.0-20240919', 'Turbo-v1.0-20250506']);

/**
 * The strictest sources' reading of a v3 creation body (the simulator's `strictV3` mode): a 3D generation
 * without a model is 400/1004 (no default version), retired versions are 2015, and image models go by alias
 * only (`seedream_v4` only from text).
 */
export function checkStrictV3(type: TaskType, body: Readonly<Record<string, unknown>>): void {
  const model = body.model ?? body.model_version;
  if (GENERATION_TYPES.has(type)) {
    if (model === undefined) throw invalidParam('model', 'is required: v3 has no default model version');
    if (typeof model === 'string' && RETIRED_ON_V3.has(model))
      throw new ApiError(2015, `\`${model}\` is retired on v3.`);
    return;
  }
  if ((type === 'text_to_image' || type === 'generate_image') && model !== undefined) {
    if (typeof model !== 'string' || !V3_IMAGE_ALIASES.includes(model))
      throw invalidParam('model', `must be one of ${V3_IMAGE_ALIASES.join(', ')}`);
    if (type === 'generate_image' && model === 'seedream_v4')
      throw invalidParam('model', 'seedream_v4 makes images from text only; use seedream_v5');
  }
}
