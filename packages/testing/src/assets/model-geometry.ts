import { LOW_POLY_DETAIL, lowPolyMesh } from './low-poly.js';
import { type Mesh, triangleCount } from './mesh.js';
import { type ShapeName, SMOOTH_DETAIL, shapeMesh } from './shapes.js';
import { voxelMesh } from './voxels.js';

/**
 * How a model's shape is turned into triangles. Fresh generations are `smooth`; a decimation makes them
 * `lowpoly` and a voxel or brick stylization makes them `voxel`; other derived tasks inherit their source's.
 * `faceLimit` caps the triangle count where the shape allows it.
 */
export type ModelGeometry =
  | { kind: 'smooth'; faceLimit?: number }
  | { kind: 'lowpoly'; faceLimit?: number }
  | { kind: 'voxel'; blocks: number; studs: boolean; faceLimit?: number };

/** What {@link buildModel} made: the mesh and a word for its look (used in node names). */
export interface BuiltModel {
  mesh: Mesh;
  look: 'smooth' | 'lowpoly' | 'voxel' | 'lego';
}

/** The fewest cubes along a voxel model's longest side; every shape fills at least one cell at this grid. */
const MIN_BLOCKS = 2;

function fitVoxels(shape: ShapeName, blocks: number, studs: boolean, faceLimit: number): Mesh {
  let best = voxelMesh(shape, { blocks: Math.max(MIN_BLOCKS, blocks), studs });
  for (let n = blocks - 1; n >= MIN_BLOCKS && triangleCount(best) > faceLimit; n--) {
    const next = voxelMesh(shape, { blocks: n, studs });
    if (triangleCount(next) > 0) best = next;
  }
  return best;
}

/**
 * Builds the mesh of `shape` in the given geometry. A smooth mesh over its face limit becomes faceted with as
 * many segments as fit; a low-poly mesh has {@link LOW_POLY_DETAIL} segments or fewer; a voxel model gets a
 * coarser grid until it fits.
 */
export function buildModel(shape: ShapeName, geometry: ModelGeometry = { kind: 'smooth' }): BuiltModel {
  const limit = geometry.faceLimit ?? Infinity;
  switch (geometry.kind) {
    case 'smooth': {
      const mesh = shapeMesh(shape);
      if (triangleCount(mesh) <= limit) return { mesh, look: 'smooth' };
      return { mesh: lowPolyMesh(shape, SMOOTH_DETAIL[shape] - 1, limit), look: 'lowpoly' };
    }
    case 'lowpoly':
      return {
        mesh: lowPolyMesh(shape, Math.min(LOW_POLY_DETAIL, SMOOTH_DETAIL[shape]), limit),
        look: 'lowpoly',
      };
    case 'voxel':
      return {
        mesh: fitVoxels(shape, geometry.blocks, geometry.studs, limit),
        look: geometry.studs ? 'lego' : 'voxel',
      };
  }
}
