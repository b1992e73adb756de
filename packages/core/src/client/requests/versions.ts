/**
 * Model and version names per API generation, and the versions the v3 dialect sends when a request names
 * none. Sources are listed in `packages/core/docs/wire-format.md`.
 */

/** 3D generation versions offered on v3 (official JS SDK `ModelVersion`, `types/index.d.ts`). */
export const V3_MODEL_VERSIONS = [
  'v3.1-20260211',
  'v3.0-20250812',
  'v2.5-20250123',
  'P1-20260311',
  'P2-20260801',
] as const;

/** 3D generation versions that only v2 still takes: retired on v3. */
export const V2_ONLY_MODEL_VERSIONS = ['v2.0-20240919', 'Turbo-v1.0-20250506'] as const;

/**
 * 3D generation versions offered on v2, its documented default (`v2.5-20250123`) first: v3's current ones but the
 * `P2-20260801` preview (named by the v3 JS SDK only), plus the ones retired on v3.
 */
export const V2_MODEL_VERSIONS = [
  'v2.5-20250123',
  'v3.1-20260211',
  'v3.0-20250812',
  'P1-20260311',
  ...V2_ONLY_MODEL_VERSIONS,
] as const;

/** Every known 3D generation version (others are accepted, see `ModelVersion`). */
export const MODEL_VERSIONS = [...V3_MODEL_VERSIONS, ...V2_ONLY_MODEL_VERSIONS] as const;

/**
 * Why a 3D generation `version` is refused on v3 (it is retired there, see {@link V2_ONLY_MODEL_VERSIONS}), or
 * `undefined` when v3 may take it. Unknown versions pass: Tripo adds versions often and the server decides.
 */
export function retiredOnV3(version: string): { message: string; suggestion: string } | undefined {
  if (!(V2_ONLY_MODEL_VERSIONS as readonly string[]).includes(version)) return undefined;
  return {
    message: `model_version ${version} is retired on the v3 API.`,
    suggestion: `Use ${V3_DEFAULT_MODELS.generation} (the default: omit model_version) or another current version (${V3_MODEL_VERSIONS.join(', ')}); ${version} needs the v2 API.`,
  };
}

/**
 * Image models on v3: Tripo's aliases (official JS SDK `ImageModel`, plus `seedream_v4`, the text-to-image
 * default). `seedream_v4` is text-to-image only.
 */
export const V3_IMAGE_MODELS = [
  'seedream_v4',
  'seedream_v5',
  'banana',
  'banana_pro',
  'banana2',
  'chat_image_2',
  'chat_image_2.5_flare',
  'chat_image_2.5_sunburst',
] as const;

/** Image models on v2 (docs pricing page; Python SDK `generate_image`). v3 rejects those it has no alias for. */
export const V2_IMAGE_MODELS = [
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
] as const;

/** Texture model versions (`texture_version` of a generation, `model_version` of `texture_model`). */
export const TEXTURE_MODEL_VERSIONS = ['v3.5-20260815', 'v3.0-20250812', 'v2.5-20250123'] as const;

/**
 * What the v3 dialect sends when a request names no model: v3 may answer 400/1004 to a generation without
 * one, so the client never relies on a server default there. One constant per task family; a request's own
 * `model_version` always wins.
 */
export const V3_DEFAULT_MODELS = {
  /** `text_to_model`, `image_to_model`, `multiview_to_model`. */
  generation: 'v3.1-20260211',
  /** `text_to_image`, and `generate_image` without a reference image (both go to `/generation/text-to-image`). */
  textToImage: 'seedream_v4',
  /** `generate_image` with reference images (`/generation/image-to-image`). */
  imageToImage: 'seedream_v5',
} as const;
