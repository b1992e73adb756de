import { type Mesh, MeshBuilder, meshBounds } from './mesh.js';
import { insideShape } from './shape-volumes.js';
import { BOX_FACES, lathe, type ShapeName, shapeMesh } from './shapes.js';

/** How a shape is voxelised. */
export interface VoxelOptions {
  /** Cubes along the shape's longest side. */
  blocks: number;
  /** Whether each cube with an open top carries a round stud (the brick look). */
  studs: boolean;
}

type Vec3 = [number, number, number];

/** A stud on a cube of edge 1, standing on y = 0: a short closed-top cylinder. */
const UNIT_STUD = lathe(
  [
    { r: 0.3, y: 0, nr: 1, ny: 0 },
    { r: 0.3, y: 0.2, nr: 1, ny: 0 },
    { r: 0.3, y: 0.2, nr: 0, ny: 1 },
    { r: 0, y: 0.2, nr: 0, ny: 1 },
  ],
  8,
);

function scaled(mesh: Mesh, s: number): Mesh {
  return { ...mesh, positions: mesh.positions.map((v) => v * s) };
}

/**
 * The shape rebuilt from cubes on a grid: a cell is filled when its centre lies inside the shape, and only
 * faces between a filled and an empty cell are written, so the surface is closed and has no hidden faces.
 * Each face has its own four vertices with an axis-aligned normal. The mesh is empty when no cell centre is
 * inside (a grid far too coarse for the shape).
 */
export function voxelMesh(shape: ShapeName, { blocks, studs }: VoxelOptions): Mesh {
  const { min, max } = meshBounds(shapeMesh(shape));
  const extent = [0, 1, 2].map((a) => max[a]! - min[a]!) as Vec3;
  const cell = Math.max(...extent) / Math.max(1, Math.round(blocks));
  const dims = extent.map((e) => Math.max(1, Math.ceil(e / cell - 1e-9))) as Vec3;
  // Centre the grid on the shape's bounds.
  const origin = [0, 1, 2].map((a) => (min[a]! + max[a]!) / 2 - (dims[a]! * cell) / 2) as Vec3;
  const filled = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const at = (i: number, j: number, k: number): number =>
    i < 0 || j < 0 || k < 0 || i >= dims[0] || j >= dims[1] || k >= dims[2]
      ? 0
      : filled[(i * dims[1] + j) * dims[2] + k]!;
  for (let i = 0; i < dims[0]; i++)
    for (let j = 0; j < dims[1]; j++)
      for (let k = 0; k < dims[2]; k++) {
        const c = [i, j, k].map((g, a) => origin[a]! + (g + 0.5) * cell) as Vec3;
        filled[(i * dims[1] + j) * dims[2] + k] = insideShape(shape, c[0], c[1], c[2]) ? 1 : 0;
      }

  const b = new MeshBuilder();
  const stud = scaled(UNIT_STUD, cell);
  const h = cell / 2;
  for (let i = 0; i < dims[0]; i++)
    for (let j = 0; j < dims[1]; j++)
      for (let k = 0; k < dims[2]; k++) {
        if (!at(i, j, k)) continue;
        const c = [i, j, k].map((g, a) => origin[a]! + (g + 0.5) * cell) as Vec3;
        for (const { n, u, v } of BOX_FACES) {
          if (at(i + n[0], j + n[1], k + n[2])) continue;
          const corner = (su: number, sv: number): Vec3 =>
            [0, 1, 2].map((a) => c[a]! + h * (n[a]! + su * u[a]! + sv * v[a]!)) as Vec3;
          const q = [corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)].map((p) => b.vertex(p, n));
          b.triangle(q[0]!, q[1]!, q[2]!);
          b.triangle(q[0]!, q[2]!, q[3]!);
        }
        if (studs && !at(i, j + 1, k)) b.append(stud, [c[0], c[1] + h, c[2]]);
      }
  return b.build();
}
