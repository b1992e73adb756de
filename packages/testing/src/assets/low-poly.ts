import { flatShaded, type Mesh, triangleCount } from './mesh.js';
import { MIN_DETAIL, type ShapeName, shapeMesh } from './shapes.js';

/** Segments around the axis of a low-poly mesh when no face limit asks for fewer. */
export const LOW_POLY_DETAIL = 8;

/**
 * The shape with at most `maxDetail` segments, flat-shaded. With a `faceLimit` it takes the most segments
 * whose triangle count fits; when even the coarsest mesh does not fit, the coarsest one.
 */
export function lowPolyMesh(shape: ShapeName, maxDetail: number, faceLimit = Infinity): Mesh {
  let mesh = shapeMesh(shape, maxDetail);
  for (let d = maxDetail - 1; d >= MIN_DETAIL && triangleCount(mesh) > faceLimit; d--) {
    mesh = shapeMesh(shape, d);
  }
  return flatShaded(mesh);
}
