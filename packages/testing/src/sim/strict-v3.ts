import { invalidParam } from './errors.js';
import { GENERATION_TYPES, type TaskType } from './task-types.js';
import { IMAGE_MODELS } from './validation.js';

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

/** 3D generation versions v3 no longer offers (v2 still takes them). */
const RETIRED_ON_V3: ReadonlySet<string> = new Set(['v2.0-20240919', 'Turbo-v1.0-20250506']);

/** v2's image model names v3 has no alias for. */
const V2_ONLY_IMAGE_MODELS: ReadonlySet<string> = new Set(
  IMAGE_MODELS.filter((m) => !V3_IMAGE_ALIASES.includes(m)),
);

/**
 * Names every v3 reading refuses with 400/1004, before a task exists: the retired generation versions, and v2's
 * image model names (v3 knows its image models by alias).
 */
export function checkV3Names(type: TaskType, body: Readonly<Record<string, unknown>>): void {
  const model = body.model ?? body.model_version;
  if (typeof model !== 'string') return;
  if (GENERATION_TYPES.has(type) && RETIRED_ON_V3.has(model))
    throw invalidParam('model', `\`${model}\` is retired on v3`);
  if ((type === 'text_to_image' || type === 'generate_image') && V2_ONLY_IMAGE_MODELS.has(model))
    throw invalidParam('model', `must be one of ${V3_IMAGE_ALIASES.join(', ')} on v3`);
}

/**
 * The strictest sources' reading of a v3 creation body (the simulator's `strictV3` mode), on top of
 * {@link checkV3Names}: a 3D generation without a model is 400/1004 (no default version), and image models go by
 * alias only (unknown names too; `seedream_v4` only from text).
 */
export function checkStrictV3(type: TaskType, body: Readonly<Record<string, unknown>>): void {
  const model = body.model ?? body.model_version;
  if (GENERATION_TYPES.has(type)) {
    if (model === undefined) throw invalidParam('model', 'is required: v3 has no default model version');
    return;
  }
  if ((type === 'text_to_image' || type === 'generate_image') && model !== undefined) {
    if (typeof model !== 'string' || !V3_IMAGE_ALIASES.includes(model))
      throw invalidParam('model', `must be one of ${V3_IMAGE_ALIASES.join(', ')}`);
    if (type === 'generate_image' && model === 'seedream_v4')
      throw invalidParam('model', 'seedream_v4 makes images from text only; use seedream_v5');
  }
}
