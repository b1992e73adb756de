import type { TaskType } from './client/requests/index.js';

/** What TripoKit knows about one Tripo task type, for its messages and next steps. */
export interface TaskTypeInfo {
  /** 3D work on a model, or work on pictures. */
  family: 'model' | 'image';
  /** How long it usually takes at Tripo (the API notes: images 10–60 s; 3D 1–5 min; quick edits seconds). */
  typicalDuration: 'under a minute' | '1–5 minutes';
  /** Its result is a 3D model, whose task id can feed texture_model, convert_model, check_riggable or rig_model. */
  producesModel: boolean;
  /** Its model may come with a PBR-textured version. */
  pbr: boolean;
}

const GENERATION: TaskTypeInfo = {
  family: 'model',
  typicalDuration: '1–5 minutes',
  producesModel: true,
  pbr: true,
};
const MODEL_WORK: TaskTypeInfo = { ...GENERATION, pbr: false };
const QUICK_MODEL_WORK: TaskTypeInfo = { ...MODEL_WORK, typicalDuration: 'under a minute' };
const IMAGE: TaskTypeInfo = {
  family: 'image',
  typicalDuration: 'under a minute',
  producesModel: false,
  pbr: false,
};

/** Every task type's family, typical duration, and whether it makes a model (with PBR or not): the one table. */
export const TASK_TYPE_INFO: Readonly<Record<TaskType, TaskTypeInfo>> = {
  text_to_model: GENERATION,
  image_to_model: GENERATION,
  multiview_to_model: GENERATION,
  texture_model: GENERATION,
  refine_model: GENERATION,
  stylize_model: QUICK_MODEL_WORK,
  convert_model: QUICK_MODEL_WORK,
  import_model: QUICK_MODEL_WORK,
  animate_prerigcheck: { ...QUICK_MODEL_WORK, producesModel: false },
  animate_rig: MODEL_WORK,
  animate_retarget: MODEL_WORK,
  mesh_segmentation: MODEL_WORK,
  mesh_completion: MODEL_WORK,
  highpoly_to_lowpoly: MODEL_WORK,
  text_to_image: IMAGE,
  generate_image: IMAGE,
  generate_multiview_image: IMAGE,
  edit_multiview_image: IMAGE,
};

/** The facts of a task type by name; a type TripoKit does not know counts as 3D work of 1–5 minutes. */
export function taskTypeInfo(type: string): TaskTypeInfo {
  return Object.hasOwn(TASK_TYPE_INFO, type) ? TASK_TYPE_INFO[type as TaskType] : MODEL_WORK;
}
