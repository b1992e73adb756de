import type { ModelGeometry } from '../assets/model-geometry.js';
import type { TaskType } from './task-types.js';
import type { TaskRecord } from './tasks.js';
import type { Params } from './types.js';

const SMOOTH: ModelGeometry = { kind: 'smooth' };
const LOW_POLY: ModelGeometry = { kind: 'lowpoly' };

/** Stylize styles that rebuild the model from blocks; `voronoi` gets the faceted look, others keep the mesh. */
const BLOCK_STYLES: Readonly<Record<string, ModelGeometry>> = {
  voxel: { kind: 'voxel', blocks: 16, studs: false },
  minecraft: { kind: 'voxel', blocks: 16, studs: false },
  lego: { kind: 'voxel', blocks: 12, studs: true },
  voronoi: LOW_POLY,
};

function capped(geometry: ModelGeometry, faceLimit: unknown): ModelGeometry {
  if (typeof faceLimit !== 'number') return geometry;
  return { ...geometry, faceLimit: Math.min(geometry.faceLimit ?? Infinity, faceLimit) };
}

/**
 * How a new task's model is built. Generations are smooth (low-poly with `smart_low_poly`); a decimation
 * makes the source low-poly, a block stylization makes it voxels, and `face_limit` caps the triangles of
 * generations, decimations and conversions. Every other derived task keeps its source's geometry.
 */
export function deriveGeometry(
  type: TaskType,
  params: Params,
  source: TaskRecord | undefined,
): ModelGeometry {
  const inherited = source?.geometry ?? SMOOTH;
  switch (type) {
    case 'text_to_model':
    case 'image_to_model':
    case 'multiview_to_model':
      return capped(params.smart_low_poly === true ? LOW_POLY : SMOOTH, params.face_limit);
    case 'highpoly_to_lowpoly':
      return capped(LOW_POLY, params.face_limit);
    case 'convert_model':
      return capped(inherited, params.face_limit);
    case 'stylize_model':
      return BLOCK_STYLES[String(params.style)] ?? inherited;
    default:
      return inherited;
  }
}
