import type { Mesh } from './mesh.js';
import type { RgbaImage } from './png.js';
import type { Rgb } from './subject.js';

/** How to look at a mesh. */
export interface RenderView {
  /** Rotation about the vertical axis, degrees (0 = front, 90 = left side seen, …). */
  yawDeg?: number;
  /** Downward tilt of the camera, degrees. */
  pitchDeg?: number;
  size?: number;
  /** Background RGBA; transparent by default. */
  background?: readonly [number, number, number, number];
}

const LIGHT = (() => {
  const l = [0.4, 0.7, 0.6];
  const n = Math.hypot(l[0]!, l[1]!, l[2]!);
  return l.map((v) => v / n) as [number, number, number];
})();

/**
 * A flat-shaded orthographic render of a mesh: each triangle is lit by one directional light (Lambert plus
 * ambient) and drawn with a depth buffer. Good enough for a recognisable preview of a primitive.
 */
export function renderMesh(mesh: Mesh, color: Rgb, view: RenderView = {}): RgbaImage {
  const size = view.size ?? 128;
  const yaw = ((view.yawDeg ?? 30) * Math.PI) / 180;
  const pitch = ((view.pitchDeg ?? 20) * Math.PI) / 180;
  const pixels = new Uint8Array(size * size * 4);
  const bg = view.background ?? [0, 0, 0, 0];
  for (let i = 0; i < size * size; i++) pixels.set(bg, i * 4);
  const depth = new Float32Array(size * size).fill(-Infinity);

  const cy = Math.cos(yaw);
  const sy = Math.sin(yaw);
  const cp = Math.cos(pitch);
  const sp = Math.sin(pitch);
  const transform = (x: number, y: number, z: number): [number, number, number] => {
    const x1 = cy * x + sy * z;
    const z1 = -sy * x + cy * z;
    return [x1, cp * y - sp * z1, sp * y + cp * z1];
  };
  const scale = size * 0.8;
  const toScreen = (p: [number, number, number]): [number, number, number] => [
    size / 2 + p[0] * scale,
    size / 2 - p[1] * scale,
    p[2],
  ];

  const pos = mesh.positions;
  for (let t = 0; t < mesh.indices.length; t += 3) {
    const v = [0, 1, 2].map((k) => {
      const i = mesh.indices[t + k]! * 3;
      return transform(pos[i]!, pos[i + 1]!, pos[i + 2]!);
    }) as [[number, number, number], [number, number, number], [number, number, number]];
    const e1 = v[1].map((c, k) => c - v[0][k]!);
    const e2 = v[2].map((c, k) => c - v[0][k]!);
    const n = [
      e1[1]! * e2[2]! - e1[2]! * e2[1]!,
      e1[2]! * e2[0]! - e1[0]! * e2[2]!,
      e1[0]! * e2[1]! - e1[1]! * e2[0]!,
    ];
    const len = Math.hypot(n[0]!, n[1]!, n[2]!);
    if (len === 0 || n[2]! <= 0) continue; // degenerate or facing away
    const lambert = Math.max(0, (n[0]! * LIGHT[0] + n[1]! * LIGHT[1] + n[2]! * LIGHT[2]) / len);
    const shade = 0.35 + 0.65 * lambert;
    const rgb = color.map((c) => Math.min(255, Math.round(c * shade)));
    const s = v.map(toScreen);
    const minX = Math.max(0, Math.floor(Math.min(s[0]![0], s[1]![0], s[2]![0])));
    const maxX = Math.min(size - 1, Math.ceil(Math.max(s[0]![0], s[1]![0], s[2]![0])));
    const minY = Math.max(0, Math.floor(Math.min(s[0]![1], s[1]![1], s[2]![1])));
    const maxY = Math.min(size - 1, Math.ceil(Math.max(s[0]![1], s[1]![1], s[2]![1])));
    const [a, b, c] = s as [[number, number, number], [number, number, number], [number, number, number]];
    const area = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    if (area === 0) continue;
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const w0 = ((b[0] - px) * (c[1] - py) - (b[1] - py) * (c[0] - px)) / area;
        const w1 = ((c[0] - px) * (a[1] - py) - (c[1] - py) * (a[0] - px)) / area;
        const w2 = 1 - w0 - w1;
        if (w0 < 0 || w1 < 0 || w2 < 0) continue;
        const z = w0 * a[2] + w1 * b[2] + w2 * c[2];
        const at = y * size + x;
        if (z <= depth[at]!) continue;
        depth[at] = z;
        pixels.set([rgb[0]!, rgb[1]!, rgb[2]!, 255], at * 4);
      }
    }
  }
  return { width: size, height: size, pixels };
}
