import { z } from 'zod';
import { ModelVersion, TaskId } from './common.js';
import { issue, type RequestRule } from './rules.js';

export const RIG_TYPES = [
  'biped',
  'quadruped',
  'hexapod',
  'octopod',
  'avian',
  'serpentine',
  'aquatic',
  'others',
] as const;
export const RigType = z.enum(RIG_TYPES);

export const ANIMATION_PRESETS = [
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
/**
 * A retarget preset: one of {@link ANIMATION_PRESETS}, or `preset:biped:<name>` from the larger biped library
 * of the v1.0-20240301 rig (e.g. `preset:biped:idle`, `preset:biped:cast_a_spell`).
 */
export const AnimationPreset = z.union([
  z.enum(ANIMATION_PRESETS),
  z.string().regex(/^preset:biped:[a-z0-9_]{1,48}$/, {
    message: `Expected one of ${ANIMATION_PRESETS.join(', ')}, or preset:biped:<name> (v1.0-20240301 rig).`,
  }),
]);

export const AnimationOutFormat = z.enum(['glb', 'fbx']);

/** `animate_prerigcheck`: can this model be rigged, and as what? Free. */
export const AnimatePrerigcheckRequest = z.strictObject({
  type: z.literal('animate_prerigcheck'),
  original_model_task_id: TaskId,
});
export type AnimatePrerigcheckRequest = z.infer<typeof AnimatePrerigcheckRequest>;

/** `animate_rig`: add a skeleton. */
export const AnimateRigRequest = z.strictObject({
  type: z.literal('animate_rig'),
  original_model_task_id: TaskId,
  model_version: ModelVersion.optional().describe(
    'v2.5-20260210 (recommended) or v1.0-20240301 (legacy, biped).',
  ),
  rig_type: RigType.optional(),
  spec: z.enum(['tripo', 'mixamo']).optional(),
  out_format: AnimationOutFormat.optional(),
});
export type AnimateRigRequest = z.infer<typeof AnimateRigRequest>;

/** `animate_retarget`: apply one preset (`animation`) or up to five (`animations`) to a rigged model. */
export const AnimateRetargetRequest = z.strictObject({
  type: z.literal('animate_retarget'),
  original_model_task_id: TaskId.describe('A successful animate_rig task.'),
  animation: AnimationPreset.optional(),
  animations: z
    .array(AnimationPreset)
    .min(1)
    .max(5, { message: 'At most 5 animations per task (each is billed).' })
    .optional(),
  out_format: AnimationOutFormat.optional(),
  bake_animation: z.boolean().optional(),
  export_with_geometry: z.boolean().optional(),
  animate_in_place: z.boolean().optional(),
});
export type AnimateRetargetRequest = z.infer<typeof AnimateRetargetRequest>;

export const animateRetargetRules: RequestRule<{
  animation?: string;
  animations?: readonly string[];
  out_format?: string;
  bake_animation?: boolean;
}> = (value, ctx) => {
  if (value.animation !== undefined && value.animations !== undefined) {
    issue(ctx, 'animations', 'Give either animation or animations, not both.');
  } else if (value.animation === undefined && value.animations === undefined) {
    issue(ctx, 'animation', 'Give animation (one preset) or animations (up to 5 presets).');
  }
  if (value.animations !== undefined && new Set(value.animations).size !== value.animations.length) {
    issue(ctx, 'animations', 'animations must not repeat a preset.');
  }
  if (value.bake_animation !== undefined && value.out_format === 'fbx') {
    issue(ctx, 'bake_animation', 'bake_animation applies only to out_format glb.');
  }
};
