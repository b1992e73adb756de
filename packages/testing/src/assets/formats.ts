import type { Mesh } from './mesh.js';
import type { Rgb } from './subject.js';

/** Wavefront OBJ text: positions, normals and faces (1-based), with the colour noted in a comment. */
export function writeObj(mesh: Mesh, color: Rgb, name = 'model'): Uint8Array {
  const lines = [`# TripoKit Tripo simulator`, `# color ${color.join(' ')}`, `o ${name}`];
  for (let i = 0; i < mesh.positions.length; i += 3) {
    lines.push(`v ${mesh.positions[i]} ${mesh.positions[i + 1]} ${mesh.positions[i + 2]}`);
  }
  for (let i = 0; i < mesh.normals.length; i += 3) {
    lines.push(`vn ${mesh.normals[i]} ${mesh.normals[i + 1]} ${mesh.normals[i + 2]}`);
  }
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const [a, b, c] = [0, 1, 2].map((k) => mesh.indices[t + k]! + 1);
    lines.push(`f ${a}//${a} ${b}//${b} ${c}//${c}`);
  }
  return new TextEncoder().encode(`${lines.join('\n')}\n`);
}

/** Binary STL: 80-byte header, triangle count, then per triangle a face normal, three vertices, 0 attributes. */
export function writeStl(mesh: Mesh, name = 'model'): Uint8Array {
  const count = mesh.indices.length / 3;
  const out = new Uint8Array(84 + count * 50);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode(`TripoKit simulator ${name}`.slice(0, 80)), 0);
  dv.setUint32(80, count, true);
  const p = mesh.positions;
  for (let t = 0; t < count; t++) {
    const v = [0, 1, 2].map((k) => mesh.indices[t * 3 + k]! * 3);
    const [a, b, c] = v as [number, number, number];
    const e1 = [p[b]! - p[a]!, p[b + 1]! - p[a + 1]!, p[b + 2]! - p[a + 2]!];
    const e2 = [p[c]! - p[a]!, p[c + 1]! - p[a + 1]!, p[c + 2]! - p[a + 2]!];
    const n = [
      e1[1]! * e2[2]! - e1[2]! * e2[1]!,
      e1[2]! * e2[0]! - e1[0]! * e2[2]!,
      e1[0]! * e2[1]! - e1[1]! * e2[0]!,
    ];
    const len = Math.hypot(n[0]!, n[1]!, n[2]!) || 1;
    let at = 84 + t * 50;
    for (const x of n) {
      dv.setFloat32(at, x / len, true);
      at += 4;
    }
    for (const i of v) {
      for (let k = 0; k < 3; k++) {
        dv.setFloat32(at, p[i + k]!, true);
        at += 4;
      }
    }
  }
  return out;
}
