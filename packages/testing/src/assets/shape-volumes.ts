import { SHAPE_SIZES, type ShapeName } from './shapes.js';

/** Whether the point (x, y, z) lies inside the solid that `shapeMesh(shape)` bounds. */
export function insideShape(shape: ShapeName, x: number, y: number, z: number): boolean {
  const radial = Math.hypot(x, z);
  switch (shape) {
    case 'cube': {
      const h = SHAPE_SIZES.cube.edge / 2;
      return Math.abs(x) <= h && Math.abs(y) <= h && Math.abs(z) <= h;
    }
    case 'sphere':
      return Math.hypot(x, y, z) <= SHAPE_SIZES.sphere.radius;
    case 'cylinder': {
      const { radius, height } = SHAPE_SIZES.cylinder;
      return radial <= radius && Math.abs(y) <= height / 2;
    }
    case 'cone': {
      const { radius, height } = SHAPE_SIZES.cone;
      return Math.abs(y) <= height / 2 && radial <= (radius * (height / 2 - y)) / height;
    }
    case 'pyramid': {
      // Four segments put the base corners on the x and z axes: the cross-section is a diamond.
      const { radius, height } = SHAPE_SIZES.pyramid;
      return Math.abs(y) <= height / 2 && Math.abs(x) + Math.abs(z) <= (radius * (height / 2 - y)) / height;
    }
    case 'capsule': {
      const { radius, height } = SHAPE_SIZES.capsule;
      const axisY = Math.max(-(height / 2 - radius), Math.min(height / 2 - radius, y));
      return Math.hypot(radial, y - axisY) <= radius;
    }
    case 'torus': {
      const { major, minor } = SHAPE_SIZES.torus;
      return Math.hypot(radial - major, y) <= minor;
    }
  }
}
