import { z } from 'zod';
import { ModelVersion, PartNames, TaskId } from './common.js';
import { checkRange, type RequestRule } from './rules.js';

/** `mesh_segmentation`: split a model into named parts. */
export const MeshSegmentationRequest = z.strictObject({
  type: z.literal('mesh_segmentation'),
  original_model_task_id: TaskId,
  model_version: ModelVersion.optional().describe('v1.0-20250506 or v2.0-20260430.'),
});
export type MeshSegmentationRequest = z.infer<typeof MeshSegmentationRequest>;

/** `mesh_completion`: complete the parts of a `mesh_segmentation` task. */
export const MeshCompletionRequest = z.strictObject({
  type: z.literal('mesh_completion'),
  original_model_task_id: TaskId.describe('A successful mesh_segmentation task.'),
  model_version: ModelVersion.optional().describe('v1.0-20250506 or P-v2.0-20251225.'),
  part_names: PartNames.optional(),
});
export type MeshCompletionRequest = z.infer<typeof MeshCompletionRequest>;

/** `highpoly_to_lowpoly` ("smart low poly"): a hand-crafted-looking low-poly version of a model. */
export const HighpolyToLowpolyRequest = z.strictObject({
  type: z.literal('highpoly_to_lowpoly'),
  original_model_task_id: TaskId,
  quad: z.boolean().optional().describe('Quad output (FBX); face_limit then 500–10000.'),
  face_limit: z.int().min(500).max(20_000).optional(),
  part_names: PartNames.optional(),
  bake: z.boolean().optional(),
  model_version: ModelVersion.optional().describe(
    'v3: v2.0 or v1.0; v2: P-v2.0-20251225 (exact value unconfirmed). Omit for the default.',
  ),
});
export type HighpolyToLowpolyRequest = z.infer<typeof HighpolyToLowpolyRequest>;

export const highpolyToLowpolyRules: RequestRule<{ quad?: boolean; face_limit?: number }> = (value, ctx) => {
  if (value.quad === true) checkRange(ctx, 'face_limit', value.face_limit, 500, 10_000, 'with quad');
};
