import { z } from 'zod';
import {
  AnimatePrerigcheckRequest,
  AnimateRetargetRequest,
  AnimateRigRequest,
  animateRetargetRules,
} from './animation.js';
import {
  ImageToModelRequest,
  MultiviewToModelRequest,
  modelGenerationRules,
  multiviewToModelRules,
  TextToModelRequest,
} from './generation.js';
import {
  EditMultiviewImageRequest,
  editMultiviewImageRules,
  GenerateImageRequest,
  GenerateMultiviewImageRequest,
  generateImageRules,
  TextToImageRequest,
} from './image.js';
import {
  HighpolyToLowpolyRequest,
  highpolyToLowpolyRules,
  MeshCompletionRequest,
  MeshSegmentationRequest,
} from './mesh.js';
import {
  ConvertModelRequest,
  convertModelRules,
  ImportModelRequest,
  RefineModelRequest,
  StylizeModelRequest,
  stylizeModelRules,
  TextureModelRequest,
  textureModelRules,
} from './models.js';
import type { RequestRule } from './rules.js';

export * from './animation.js';
export * from './common.js';
export * from './generation.js';
export * from './image.js';
export * from './mesh.js';
export * from './models.js';
export type { RequestRule } from './rules.js';
export * from './versions.js';

/** Every task request schema, keyed by Tripo's task type name. Plain objects: `.omit`/`.extend` work on them. */
export const TASK_REQUEST_SCHEMAS = {
  text_to_model: TextToModelRequest,
  image_to_model: ImageToModelRequest,
  multiview_to_model: MultiviewToModelRequest,
  texture_model: TextureModelRequest,
  refine_model: RefineModelRequest,
  stylize_model: StylizeModelRequest,
  convert_model: ConvertModelRequest,
  animate_prerigcheck: AnimatePrerigcheckRequest,
  animate_rig: AnimateRigRequest,
  animate_retarget: AnimateRetargetRequest,
  mesh_segmentation: MeshSegmentationRequest,
  mesh_completion: MeshCompletionRequest,
  highpoly_to_lowpoly: HighpolyToLowpolyRequest,
  import_model: ImportModelRequest,
  text_to_image: TextToImageRequest,
  generate_image: GenerateImageRequest,
  generate_multiview_image: GenerateMultiviewImageRequest,
  edit_multiview_image: EditMultiviewImageRequest,
} as const;

/** Tripo's task type names. */
export type TaskType = keyof typeof TASK_REQUEST_SCHEMAS;
export const TASK_TYPES = Object.keys(TASK_REQUEST_SCHEMAS) as TaskType[];

function both<T>(a: RequestRule<T>, b: RequestRule<T>): RequestRule<T> {
  return (value, ctx) => {
    a(value, ctx);
    b(value, ctx);
  };
}

/**
 * Cross-field rules per task type (P1's forbidden fields, `generate_parts`, exclusive alternatives…). They
 * ignore `type`, so a tool input built with `.omit({ type: true })` can reuse them: `.superRefine(rule)`.
 */
export const TASK_REQUEST_RULES: {
  [K in TaskType]?: RequestRule<z.infer<(typeof TASK_REQUEST_SCHEMAS)[K]>>;
} = {
  text_to_model: modelGenerationRules,
  image_to_model: modelGenerationRules,
  multiview_to_model: both<z.infer<typeof MultiviewToModelRequest>>(
    modelGenerationRules,
    multiviewToModelRules,
  ),
  texture_model: textureModelRules,
  stylize_model: stylizeModelRules,
  convert_model: convertModelRules,
  animate_retarget: animateRetargetRules,
  highpoly_to_lowpoly: highpolyToLowpolyRules,
  generate_image: generateImageRules,
  edit_multiview_image: editMultiviewImageRules,
};

/** A request to create any Tripo task: a union discriminated on `type`, with Tripo's own parameter names. */
export const CreateTaskRequest = z
  .discriminatedUnion('type', [
    TextToModelRequest,
    ImageToModelRequest,
    MultiviewToModelRequest,
    TextureModelRequest,
    RefineModelRequest,
    StylizeModelRequest,
    ConvertModelRequest,
    AnimatePrerigcheckRequest,
    AnimateRigRequest,
    AnimateRetargetRequest,
    MeshSegmentationRequest,
    MeshCompletionRequest,
    HighpolyToLowpolyRequest,
    ImportModelRequest,
    TextToImageRequest,
    GenerateImageRequest,
    GenerateMultiviewImageRequest,
    EditMultiviewImageRequest,
  ])
  .superRefine((value, ctx) => {
    const rule = TASK_REQUEST_RULES[value.type] as RequestRule<typeof value> | undefined;
    rule?.(value, ctx);
  });
export type CreateTaskRequest = z.infer<typeof CreateTaskRequest>;

/** The request of one task type, e.g. `TaskRequestOf<'convert_model'>`. */
export type TaskRequestOf<K extends TaskType> = Extract<CreateTaskRequest, { type: K }>;
