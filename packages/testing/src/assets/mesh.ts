/** An indexed triangle mesh: flat arrays, counter-clockwise front faces, unit-length normals. */
export interface Mesh {
  /** x,y,z per vertex. */
  positions: Float32Array;
  /** Unit normal x,y,z per vertex. */
  normals: Float32Array;
  /** Three vertex indices per triangle. */
  indices: Uint32Array;
}

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

/** Accumulates vertices and triangles. */
export class MeshBuilder {
  #positions: number[] = [];
  #normals: number[] = [];
  #indices: number[] = [];

  get vertexCount(): number {
    return this.#positions.length / 3;
  }

  /** Adds a vertex; the normal is normalised here. Returns its index. */
  vertex(p: readonly [number, number, number], n: readonly [number, number, number]): number {
    const len = Math.hypot(n[0], n[1], n[2]) || 1;
    this.#positions.push(p[0], p[1], p[2]);
    this.#normals.push(n[0] / len, n[1] / len, n[2] / len);
    return this.vertexCount - 1;
  }

  triangle(a: number, b: number, c: number): void {
    this.#indices.push(a, b, c);
  }

  build(): Mesh {
    return {
      positions: Float32Array.from(this.#positions),
      normals: Float32Array.from(this.#normals),
      indices: Uint32Array.from(this.#indices),
    };
  }
}
