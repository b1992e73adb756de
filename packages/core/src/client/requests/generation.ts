import { z } from 'zod';
import {
  ExportOrientation,
  FileInput,
  fileViewSlots,
  GeometryQuality,
  ModelVersion,
  Orientation,
  promptSchema,
  Seed,
  TaskId,
  TextureAlignment,
  TextureQuality,
} from './common.js';
import { checkRange, issue, type RequestRule } from './rules.js';

/** Parameters shared by the three 3D generation tasks (§11.2 of the API notes). */
const modelGenerationFields = {
  model_version: ModelVersion.optional().describe(
    'v3.1-20260211 (default), v3.0-20250812, v2.5-20250123, P1-20260311 (low-poly), P2-20260801 (takes quad).',
  ),
  model_seed: Seed.optional(),
  texture_seed: Seed.optional(),
  texture: z.boolean().optional(),
  pbr: z.boolean().optional(),
  texture_quality: TextureQuality.optional(),
  geometry_quality: GeometryQuality.optional().describe('H3 versions only.'),
  face_limit: z.int().min(48).max(2_000_000).optional(),
  quad: z.boolean().optional().describe('Quad remesh; output becomes FBX.'),
  smart_low_poly: z.boolean().optional(),
  generate_parts: z.boolean().optional().describe('Needs texture and pbr false, no quad.'),
  auto_size: z.boolean().optional(),
  compress: z.enum(['geometry']).optional(),
  export_uv: z.boolean().optional(),
  export_orientation: ExportOrientation.optional().describe('Forward axis of the exported model.'),
  texture_version: ModelVersion.optional().describe(
    'Texture model, independent of the geometry version: v3.5-20260815 (newest), v3.0-20250812, v2.5-20250123.',
  ),
  delight: z
    .boolean()
    .optional()
    .describe('Remove the lighting baked into the reference image (texture_version v3.5 only).'),
};

const imageConditionedFields = {
  texture_alignment: TextureAlignment.optional(),
  orientation: Orientation.optional(),
  enable_image_autofix: z.boolean().optional(),
};

/** `text_to_model`: a 3D model from a text prompt. */
export const TextToModelRequest = z.strictObject({
  type: z.literal('text_to_model'),
  prompt: promptSchema(1024),
  negative_prompt: promptSchema(255, 'negative_prompt').optional(),
  image_seed: Seed.optional(),
  style: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Legacy style preset, e.g. object:clay (unconfirmed).'),
  ...modelGenerationFields,
});
export type TextToModelRequest = z.infer<typeof TextToModelRequest>;

/** `image_to_model`: a 3D model from one image. */
export const ImageToModelRequest = z.strictObject({
  type: z.literal('image_to_model'),
  file: FileInput,
  ...imageConditionedFields,
  ...modelGenerationFields,
});
export type ImageToModelRequest = z.infer<typeof ImageToModelRequest>;

/**
 * `multiview_to_model`: a 3D model from up to four views. `files` has exactly four slots in the order
 * front, left, back, right; `null` skips a view (front is required, at least two views). Alternatively
 * `original_task_id` names a successful `generate_multiview_image`/`edit_multiview_image` task.
 */
export const MultiviewToModelRequest = z.strictObject({
  type: z.literal('multiview_to_model'),
  files: fileViewSlots('files')
    .optional()
    .describe(
      'Exactly 4 slots [front, left, back, right]; null skips a view; front required; at least 2 images.',
    ),
  original_task_id: TaskId.optional(),
  ...imageConditionedFields,
  ...modelGenerationFields,
});
export type MultiviewToModelRequest = z.infer<typeof MultiviewToModelRequest>;

type GenerationFields = {
  model_version?: string;
  texture?: boolean;
  pbr?: boolean;
  texture_quality?: string;
  geometry_quality?: string;
  face_limit?: number;
  quad?: boolean;
  smart_low_poly?: boolean;
  generate_parts?: boolean;
  style?: string;
};

/** Fields the P1 line rejects even when sent as `false`. */
const P1_FORBIDDEN = ['quad', 'smart_low_poly', 'generate_parts', 'geometry_quality', 'style'] as const;

/** Cross-field rules of the 3D generation tasks: P1's forbidden fields, `generate_parts`, `face_limit` ranges. */
export const modelGenerationRules: RequestRule<GenerationFields> = (value, ctx) => {
  const version = value.model_version ?? '';
  const isP1 = /^P1-/i.test(version);
  const isTurbo = /^Turbo-/i.test(version);
  const isH3 = /^v3\./.test(version);
  const isH2 = /^v2\./.test(version);

  if (isP1) {
    for (const field of P1_FORBIDDEN) {
      if (value[field] !== undefined) {
        issue(ctx, field, `${field} is not accepted with model_version ${version} (P1); omit it entirely.`);
      }
    }
    checkRange(ctx, 'face_limit', value.face_limit, 48, 20_000, 'with P1');
  }
  if (isTurbo) {
    for (const field of ['smart_low_poly', 'geometry_quality'] as const) {
      if (value[field] !== undefined) issue(ctx, field, `${field} is not accepted with ${version} (Turbo).`);
    }
    checkRange(ctx, 'face_limit', value.face_limit, 48, 50_000, 'with Turbo');
  }
  if (value.geometry_quality !== undefined && version !== '' && !isP1 && !isTurbo && !isH3) {
    issue(
      ctx,
      'geometry_quality',
      `geometry_quality needs an H3 model_version (v3.0-20250812 or v3.1-20260211), not ${version}; omit it.`,
    );
  }
  if (value.generate_parts === true) {
    if (value.texture !== false) issue(ctx, 'texture', 'generate_parts needs texture: false.');
    if (value.pbr !== false) issue(ctx, 'pbr', 'generate_parts needs pbr: false.');
    if (value.quad === true) issue(ctx, 'quad', 'generate_parts cannot be combined with quad: true.');
  }
  if (value.texture === false && value.pbr === false && value.texture_quality !== undefined) {
    issue(ctx, 'texture_quality', 'texture_quality needs texture or pbr; omit it for an untextured model.');
  }
  if (value.smart_low_poly === true) {
    if (value.quad === true)
      checkRange(ctx, 'face_limit', value.face_limit, 500, 10_000, 'with smart_low_poly and quad');
    else checkRange(ctx, 'face_limit', value.face_limit, 1000, 20_000, 'with smart_low_poly');
  } else if (isH2) {
    checkRange(ctx, 'face_limit', value.face_limit, 48, 500_000, `with ${version}`);
  } else if (isH3) {
    const max = value.geometry_quality === 'detailed' ? 2_000_000 : 1_500_000;
    checkRange(
      ctx,
      'face_limit',
      value.face_limit,
      48,
      max,
      `with ${version} and ${value.geometry_quality ?? 'standard'} geometry`,
    );
  }
};

/** `multiview_to_model` slots: exactly one source, front present, at least two views. */
export const multiviewToModelRules: RequestRule<{
  files?: readonly unknown[];
  original_task_id?: string;
}> = (value, ctx) => {
  if (value.files !== undefined && value.original_task_id !== undefined) {
    issue(ctx, 'files', 'Give either files or original_task_id, not both.');
  } else if (value.files === undefined && value.original_task_id === undefined) {
    issue(ctx, 'files', 'Give files (4 slots: front, left, back, right) or original_task_id.');
  }
  if (value.files !== undefined) {
    if (value.files[0] == null) issue(ctx, ['files', 0], 'The front view (files[0]) is required.');
    if (value.files.filter((f) => f != null).length < 2) {
      issue(ctx, 'files', 'multiview_to_model needs at least 2 of the 4 views.');
    }
  }
};
