import { writeObj, writeStl } from '../assets/formats.js';
import { type PbrMaterial, writeGlb, writeGltf } from '../assets/glb.js';
import { buildModel } from '../assets/model-geometry.js';
import { encodePng } from '../assets/png.js';
import { renderMesh } from '../assets/render.js';
import { guessRigType, type Rgb, type Subject } from '../assets/subject.js';
import { TASK_CATALOGUE } from './task-types.js';
import type { TaskRecord } from './tasks.js';

/** Where an output file appears in a task object. `animation_<n>` are the v3 `model_urls` of a retarget. */
export type OutputSlot =
  | 'model'
  | 'base_model'
  | 'pbr_model'
  | 'rendered_image'
  | 'generated_image'
  | 'front_view'
  | 'left_view'
  | 'back_view'
  | 'right_view'
  | `animation_${number}`;

/** One output file of a task. */
export interface OutputFile {
  slot: OutputSlot;
  /** File name in the download URL, e.g. `pbr_model.glb`. */
  fileName: string;
}

/** What a successful task produced. */
export interface TaskOutputs {
  files: OutputFile[];
  riggable?: boolean;
  rigType?: string;
}

type Variant = 'base' | 'textured' | 'pbr';

const BASE_GREY: Rgb = [200, 200, 200];

function material(subject: Subject, variant: Variant): PbrMaterial {
  switch (variant) {
    case 'base':
      return { name: 'base', color: BASE_GREY, metallic: 0, roughness: 0.9 };
    case 'textured':
      return { name: subject.colorName, color: subject.color, metallic: 0, roughness: 0.7 };
    case 'pbr':
      return { name: `${subject.colorName}_pbr`, color: subject.color, metallic: 0.1, roughness: 0.45 };
  }
}

/** Extensions the simulator writes for real; any other model extension carries GLB bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  glb: 'model/gltf-binary',
  gltf: 'model/gltf+json',
  obj: 'model/obj',
  stl: 'model/stl',
  png: 'image/png',
};

export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[fileName.split('.').pop() ?? ''] ?? 'application/octet-stream';
}

function modelExtension(task: TaskRecord): string {
  const p = task.params;
  switch (task.type) {
    case 'convert_model':
      return String(p.format).toLowerCase();
    case 'stylize_model':
      return p.style === 'minecraft' ? 'schem' : 'glb';
    case 'animate_rig':
    case 'animate_retarget':
      return p.out_format === 'fbx' ? 'fbx' : 'glb';
    default:
      return p.quad === true ? 'fbx' : 'glb';
  }
}

/** The files (and pre-rig facts) a successful task offers. */
export function outputsOf(task: TaskRecord): TaskOutputs {
  const p = task.params;
  const product = TASK_CATALOGUE[task.type].product;
  if (product === 'rigcheck') return { files: [], riggable: true, rigType: guessRigType(task.subjectText) };
  if (product === 'image') return { files: [{ slot: 'generated_image', fileName: 'generated_image.png' }] };
  if (product === 'multiview') {
    return {
      files: (['front', 'left', 'back', 'right'] as const).map((v) => ({
        slot: `${v}_view` as const,
        fileName: `${v}_view.png`,
      })),
    };
  }
  const ext = modelExtension(task);
  const files: OutputFile[] = [];
  const pbr = p.pbr === true || (p.pbr !== false && p.texture !== false);
  switch (task.type) {
    case 'text_to_model':
    case 'image_to_model':
    case 'multiview_to_model':
      files.push(
        { slot: 'model', fileName: `model.${ext}` },
        { slot: 'base_model', fileName: `base_model.${ext}` },
      );
      if (pbr) files.push({ slot: 'pbr_model', fileName: `pbr_model.${ext}` });
      files.push({ slot: 'rendered_image', fileName: 'rendered_image.png' });
      if (task.type === 'text_to_model')
        files.push({ slot: 'generated_image', fileName: 'generated_image.png' });
      break;
    case 'texture_model':
    case 'refine_model':
      files.push({ slot: 'model', fileName: `model.${ext}` });
      if (pbr) files.push({ slot: 'pbr_model', fileName: `pbr_model.${ext}` });
      files.push({ slot: 'rendered_image', fileName: 'rendered_image.png' });
      break;
    case 'animate_retarget': {
      const animations = Array.isArray(p.animations) ? p.animations : [p.animation];
      files.push({ slot: 'model', fileName: `model.${ext}` });
      if (animations.length > 1) {
        animations.forEach((_, i) => {
          files.push({ slot: `animation_${i}`, fileName: `animation_${i}.${ext}` });
        });
      }
      break;
    }
    default:
      files.push({ slot: 'model', fileName: `model.${ext}` });
  }
  return { files };
}

function variantOf(task: TaskRecord, fileName: string): Variant {
  if (fileName.startsWith('base_model')) return 'base';
  if (fileName.startsWith('pbr_model')) return 'pbr';
  const p = task.params;
  const untextured = p.texture === false && p.pbr !== true;
  return untextured || task.type === 'mesh_segmentation' ? 'base' : 'textured';
}

const VIEW_YAW: Readonly<Record<string, number>> = { front: 0, left: 90, back: 180, right: 270 };

/**
 * Bytes of one output file, generated from the task's subject and geometry: GLB (or glTF/OBJ/STL for
 * conversions) for models, a flat-shaded PNG render for images. Formats the simulator cannot write (FBX, USDZ, 3MF, schem)
 * carry the GLB bytes under their own extension.
 */
export function renderOutputFile(task: TaskRecord, fileName: string): Uint8Array {
  const ext = fileName.split('.').pop() ?? '';
  const { mesh, look } = buildModel(task.subject.shape, task.geometry);
  if (ext === 'png') {
    const viewName = fileName.replace(/_view\.png$/, '');
    const yaw = VIEW_YAW[viewName];
    const size = fileName === 'rendered_image.png' ? 256 : 192;
    const view3 = yaw === undefined ? { size } : { size, yawDeg: yaw, pitchDeg: 10 };
    return encodePng(renderMesh(mesh, task.subject.color, view3));
  }
  const mat = material(task.subject, variantOf(task, fileName));
  const name = [task.subject.colorName, task.subject.shape, ...(look === 'smooth' ? [] : [look])].join('_');
  if (ext === 'gltf') return writeGltf(mesh, mat, name);
  if (ext === 'obj') return writeObj(mesh, mat.color, name);
  if (ext === 'stl') return writeStl(mesh, name);
  if (task.importedModel && task.type === 'import_model') return task.importedModel;
  return writeGlb(mesh, mat, name);
}
