/** Every task type the simulator implements, by its v2 `type` name (also reported on v3 task objects). */
export const TASK_TYPES = [
  'text_to_model',
  'image_to_model',
  'multiview_to_model',
  'refine_model',
  'texture_model',
  'stylize_model',
  'convert_model',
  'import_model',
  'animate_prerigcheck',
  'animate_rig',
  'animate_retarget',
  'mesh_segmentation',
  'mesh_completion',
  'highpoly_to_lowpoly',
  'text_to_image',
  'generate_image',
  'generate_multiview_image',
  'edit_multiview_image',
] as const;

/** One of {@link TASK_TYPES}. */
export type TaskType = (typeof TASK_TYPES)[number];

/** How long a task type runs: 3D work, image work, or a quick post-process. */
export type DurationClass = 'model' | 'image' | 'quick';

/** What a task type produces. */
export type Product = 'model' | 'image' | 'multiview' | 'rigcheck';

interface TaskTypeInfo {
  /** v3 creation route (POST, relative to `/v3`). */
  v3Route: string;
  duration: DurationClass;
  product: Product;
}

/** Per-type facts: v3 route (tripo-api.md §14), duration class, product. */
export const TASK_CATALOGUE: Readonly<Record<TaskType, TaskTypeInfo>> = {
  text_to_model: { v3Route: '/generation/text-to-model', duration: 'model', product: 'model' },
  image_to_model: { v3Route: '/generation/image-to-model', duration: 'model', product: 'model' },
  multiview_to_model: { v3Route: '/generation/multiview-to-model', duration: 'model', product: 'model' },
  refine_model: { v3Route: '/models/refine', duration: 'model', product: 'model' },
  texture_model: { v3Route: '/models/texture', duration: 'model', product: 'model' },
  stylize_model: { v3Route: '/models/stylize', duration: 'quick', product: 'model' },
  convert_model: { v3Route: '/models/convert', duration: 'quick', product: 'model' },
  import_model: { v3Route: '/models/import', duration: 'quick', product: 'model' },
  animate_prerigcheck: { v3Route: '/animations/rig-check', duration: 'quick', product: 'rigcheck' },
  animate_rig: { v3Route: '/animations/rig', duration: 'model', product: 'model' },
  animate_retarget: { v3Route: '/animations/retarget', duration: 'model', product: 'model' },
  mesh_segmentation: { v3Route: '/mesh/segment', duration: 'model', product: 'model' },
  mesh_completion: { v3Route: '/mesh/complete', duration: 'model', product: 'model' },
  highpoly_to_lowpoly: { v3Route: '/mesh/decimate', duration: 'model', product: 'model' },
  text_to_image: { v3Route: '/generation/text-to-image', duration: 'image', product: 'image' },
  generate_image: { v3Route: '/generation/image-to-image', duration: 'image', product: 'image' },
  generate_multiview_image: {
    v3Route: '/generation/image-to-multiview',
    duration: 'image',
    product: 'multiview',
  },
  edit_multiview_image: { v3Route: '/generation/edit-multiview', duration: 'image', product: 'multiview' },
};

/** Types accepted as a source model (`original_model_task_id`). */
export const MODEL_SOURCE_TYPES: ReadonlySet<TaskType> = new Set(
  TASK_TYPES.filter((t) => TASK_CATALOGUE[t].product === 'model'),
);

/** Generation types that take `model_version` from §11.1. */
export const GENERATION_TYPES: ReadonlySet<TaskType> = new Set([
  'text_to_model',
  'image_to_model',
  'multiview_to_model',
]);

export function isTaskType(value: unknown): value is TaskType {
  return typeof value === 'string' && (TASK_TYPES as readonly string[]).includes(value);
}
