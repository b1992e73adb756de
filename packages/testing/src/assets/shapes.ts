import { type Mesh, MeshBuilder } from './mesh.js';

/** The primitive shapes the simulator can model. */
export const SHAPES = ['cube', 'sphere', 'cylinder', 'cone', 'torus', 'capsule', 'pyramid'] as const;
/** One of {@link SHAPES}. */
export type ShapeName = (typeof SHAPES)[number];

type Vec3 = [number, number, number];

/** Dimensions of each shape at unit scale (about 1 across, centred on the origin). */
export const SHAPE_SIZES = {
  cube: { edge: 1 },
  sphere: { radius: 0.5 },
  cylinder: { radius: 0.4, height: 1 },
  cone: { radius: 0.5, height: 1 },
  pyramid: { radius: 0.6, height: 0.9 },
  capsule: { radius: 0.3, height: 1 },
  torus: { major: 0.35, minor: 0.15 },
} as const;

/** Segments around the axis of each smooth (default) mesh; rings follow from it. */
export const SMOOTH_DETAIL: Readonly<Record<ShapeName, number>> = {
  cube: 1,
  sphere: 32,
  cylinder: 32,
  cone: 32,
  pyramid: 4,
  capsule: 24,
  torus: 32,
};

/** The fewest segments a round shape is built with. */
export const MIN_DETAIL = 3;

/** The six faces of an axis-aligned box: outward normal `n` and in-face axes with `u × v = n`. */
export const BOX_FACES: ReadonlyArray<{ n: Vec3; u: Vec3; v: Vec3 }> = [
  { n: [1, 0, 0], u: [0, 0, -1], v: [0, 1, 0] },
  { n: [-1, 0, 0], u: [0, 0, 1], v: [0, 1, 0] },
  { n: [0, 1, 0], u: [1, 0, 0], v: [0, 0, -1] },
  { n: [0, -1, 0], u: [1, 0, 0], v: [0, 0, 1] },
  { n: [0, 0, 1], u: [1, 0, 0], v: [0, 1, 0] },
  { n: [0, 0, -1], u: [-1, 0, 0], v: [0, 1, 0] },
];

/** A point of a surface-of-revolution profile: radius, height and the profile normal (radial, vertical). */
export interface ProfilePoint {
  r: number;
  y: number;
  nr: number;
  ny: number;
}

/**
 * Revolves a profile (listed bottom to top) around the Y axis. Consecutive profile points are joined by a band
 * of quads; a point with r = 0 is a pole and joins with a fan so no degenerate triangles are emitted.
 * A band whose two points share a position is skipped: that is how hard edges (duplicated points) are made.
 */
export function lathe(profile: readonly ProfilePoint[], segments: number): Mesh {
  const b = new MeshBuilder();
  const rings: number[][] = profile.map((p) => {
    const ring: number[] = [];
    for (let s = 0; s <= segments; s++) {
      const a = (s / segments) * Math.PI * 2;
      const cos = Math.cos(a);
      const sin = Math.sin(a);
      ring.push(b.vertex([p.r * sin, p.y, p.r * cos], [p.nr * sin, p.ny, p.nr * cos]));
    }
    return ring;
  });
  for (let i = 0; i + 1 < profile.length; i++) {
    const lo = profile[i]!;
    const hi = profile[i + 1]!;
    if (lo.r === hi.r && lo.y === hi.y) continue;
    const r0 = rings[i]!;
    const r1 = rings[i + 1]!;
    for (let s = 0; s < segments; s++) {
      const a = r0[s]!;
      const bb = r0[s + 1]!;
      const c = r1[s + 1]!;
      const d = r1[s]!;
      if (lo.r > 0 && hi.r > 0) {
        b.triangle(a, bb, c);
        b.triangle(a, c, d);
      } else if (lo.r > 0) {
        b.triangle(a, bb, d);
      } else if (hi.r > 0) {
        b.triangle(a, c, d);
      }
    }
  }
  return b.build();
}

function cube(size: number): Mesh {
  const b = new MeshBuilder();
  const h = size / 2;
  for (const { n, u, v } of BOX_FACES) {
    const corner = (su: number, sv: number): Vec3 => [
      h * (n[0] + su * u[0] + sv * v[0]),
      h * (n[1] + su * u[1] + sv * v[1]),
      h * (n[2] + su * u[2] + sv * v[2]),
    ];
    const i0 = b.vertex(corner(-1, -1), n);
    const i1 = b.vertex(corner(1, -1), n);
    const i2 = b.vertex(corner(1, 1), n);
    const i3 = b.vertex(corner(-1, 1), n);
    b.triangle(i0, i1, i2);
    b.triangle(i0, i2, i3);
  }
  return b.build();
}

function sphereProfile(radius: number, rings: number, yOffset = 0, from = -Math.PI / 2, to = Math.PI / 2) {
  const pts: ProfilePoint[] = [];
  for (let i = 0; i <= rings; i++) {
    const lat = from + ((to - from) * i) / rings;
    const r = Math.abs(lat) >= Math.PI / 2 - 1e-9 ? 0 : radius * Math.cos(lat);
    pts.push({ r, y: yOffset + radius * Math.sin(lat), nr: Math.cos(lat), ny: Math.sin(lat) });
  }
  return pts;
}

function cylinder(radius: number, height: number, segments: number): Mesh {
  const h = height / 2;
  return lathe(
    [
      { r: 0, y: -h, nr: 0, ny: -1 },
      { r: radius, y: -h, nr: 0, ny: -1 },
      { r: radius, y: -h, nr: 1, ny: 0 },
      { r: radius, y: h, nr: 1, ny: 0 },
      { r: radius, y: h, nr: 0, ny: 1 },
      { r: 0, y: h, nr: 0, ny: 1 },
    ],
    segments,
  );
}

function cone(radius: number, height: number, segments: number): Mesh {
  const h = height / 2;
  const slope = Math.hypot(radius, height);
  const nr = height / slope;
  const ny = radius / slope;
  return lathe(
    [
      { r: 0, y: -h, nr: 0, ny: -1 },
      { r: radius, y: -h, nr: 0, ny: -1 },
      { r: radius, y: -h, nr, ny },
      { r: 0, y: h, nr, ny },
    ],
    segments,
  );
}

function capsule(radius: number, height: number, segments: number): Mesh {
  const h = height / 2 - radius;
  const rings = Math.max(1, Math.round(segments / 3));
  const bottom = sphereProfile(radius, rings, -h, -Math.PI / 2, 0);
  const top = sphereProfile(radius, rings, h, 0, Math.PI / 2);
  return lathe([...bottom, ...top], segments);
}

function torus(major: number, minor: number, segments: number, tube: number): Mesh {
  const pts: ProfilePoint[] = [];
  // Walk the tube's cross-section so the outer side comes first; the profile is traversed bottom-outer-top-inner.
  for (let i = 0; i <= tube; i++) {
    const a = -Math.PI / 2 + (i / tube) * Math.PI * 2;
    pts.push({ r: major + minor * Math.cos(a), y: minor * Math.sin(a), nr: Math.cos(a), ny: Math.sin(a) });
  }
  return lathe(pts, segments);
}

/**
 * A unit-scale mesh (about 1 across, centred on the origin) of the named shape. `detail` is the number of
 * segments around the axis of round shapes (at least {@link MIN_DETAIL}; rings scale with it); it defaults
 * to the smooth {@link SMOOTH_DETAIL}. The cube and the four-sided pyramid ignore it.
 */
export function shapeMesh(shape: ShapeName, detail = SMOOTH_DETAIL[shape]): Mesh {
  const d = Math.max(MIN_DETAIL, Math.round(detail));
  const half = Math.max(2, Math.round(d / 2));
  switch (shape) {
    case 'cube':
      return cube(SHAPE_SIZES.cube.edge);
    case 'sphere':
      return lathe(sphereProfile(SHAPE_SIZES.sphere.radius, half), d);
    case 'cylinder':
      return cylinder(SHAPE_SIZES.cylinder.radius, SHAPE_SIZES.cylinder.height, d);
    case 'cone':
      return cone(SHAPE_SIZES.cone.radius, SHAPE_SIZES.cone.height, d);
    case 'pyramid':
      return cone(SHAPE_SIZES.pyramid.radius, SHAPE_SIZES.pyramid.height, 4);
    case 'capsule':
      return capsule(SHAPE_SIZES.capsule.radius, SHAPE_SIZES.capsule.height, d);
    case 'torus':
      return torus(SHAPE_SIZES.torus.major, SHAPE_SIZES.torus.minor, d, Math.max(MIN_DETAIL, half));
  }
}
