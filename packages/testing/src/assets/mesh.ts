/** An indexed triangle mesh: flat arrays, counter-clockwise front faces, unit-length normals. */
export interface Mesh {
  /** x,y,z per vertex. */
  positions: Float32Array;
  /** Unit normal x,y,z per vertex. */
  normals: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
}

type Vec3 = readonly [number, number, number];

/** Axis-aligned bounds of a mesh's positions. */
export function meshBounds(mesh: Mesh): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < mesh.positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      const v = mesh.positions[i + a]!;
      if (v < min[a]!) min[a] = v;
      if (v > max[a]!) max[a] = v;
    }
  }
  return { min, max };
}

/** Number of triangles in a mesh. */
export function triangleCount(mesh: Mesh): number {
  return mesh.indices.length / 3;
}

/**
 * The same triangles with unshared vertices, each carrying its face normal, so every face renders flat (the
 * faceted low-poly look). Degenerate triangles are dropped.
 */
export function flatShaded(mesh: Mesh): Mesh {
  const b = new MeshBuilder();
  const p = mesh.positions;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const [a, c, d] = [0, 1, 2].map((k) => {
      const i = mesh.indices[t + k]! * 3;
      return [p[i]!, p[i + 1]!, p[i + 2]!] as const;
    }) as [Vec3, Vec3, Vec3];
    const e1 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]] as const;
    const e2 = [d[0] - a[0], d[1] - a[1], d[2] - a[2]] as const;
    const n = [
      e1[1] * e2[2] - e1[2] * e2[1],
      e1[2] * e2[0] - e1[0] * e2[2],
      e1[0] * e2[1] - e1[1] * e2[0],
    ] as const;
    if (Math.hypot(n[0], n[1], n[2]) < 1e-12) continue;
    b.triangle(b.vertex(a, n), b.vertex(c, n), b.vertex(d, n));
  }
  return b.build();
}

/** Accumulates vertices and triangles. */
export class MeshBuilder {
  #positions: number[] = [];
  #normals: number[] = [];
  #indices: number[] = [];

  get vertexCount(): number {
    return this.#positions.length / 3;
  }

  /** Adds a vertex; the normal is normalised here. Returns its index. */
  vertex(p: Vec3, n: Vec3): number {
    const len = Math.hypot(n[0], n[1], n[2]) || 1;
    this.#positions.push(p[0], p[1], p[2]);
    this.#normals.push(n[0] / len, n[1] / len, n[2] / len);
    return this.vertexCount - 1;
  }

  triangle(a: number, b: number, c: number): void {
    this.#indices.push(a, b, c);
  }

  /** Adds every vertex and triangle of `mesh`, moved by `offset`. */
  append(mesh: Mesh, offset: Vec3 = [0, 0, 0]): void {
    const base = this.vertexCount;
    for (let i = 0; i < mesh.positions.length; i += 3) {
      this.#positions.push(
        mesh.positions[i]! + offset[0],
        mesh.positions[i + 1]! + offset[1],
        mesh.positions[i + 2]! + offset[2],
      );
      this.#normals.push(mesh.normals[i]!, mesh.normals[i + 1]!, mesh.normals[i + 2]!);
    }
    for (const i of mesh.indices) this.#indices.push(base + i);
  }

  build(): Mesh {
    return {
      positions: Float32Array.from(this.#positions),
      normals: Float32Array.from(this.#normals),
      indices: Uint32Array.from(this.#indices),
    };
  }
}
