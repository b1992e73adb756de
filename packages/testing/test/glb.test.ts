import { validateBytes } from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import {
  buildModel,
  describeSubject,
  isGlb,
  type ModelGeometry,
  SHAPES,
  shapeMesh,
  writeGlb,
} from '../src/index.js';

/** Every geometry the simulator derives, including face limits that force coarser meshes. */
const GEOMETRIES: ReadonlyArray<readonly [string, ModelGeometry]> = [
  ['lowpoly', { kind: 'lowpoly' }],
  ['lowpoly, face limit 20', { kind: 'lowpoly', faceLimit: 20 }],
  ['smooth, face limit 300', { kind: 'smooth', faceLimit: 300 }],
  ['voxel', { kind: 'voxel', blocks: 16, studs: false }],
  ['lego', { kind: 'voxel', blocks: 12, studs: true }],
  ['voxel, face limit 1', { kind: 'voxel', blocks: 16, studs: false, faceLimit: 1 }],
];
const VARIANTS = SHAPES.flatMap((shape) => GEOMETRIES.map(([label, g]) => [shape, label, g] as const));

function readGlbJson(bytes: Uint8Array) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = dv.getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength)));
}

describe('GLB writer', () => {
  it.each(SHAPES)('writes a %s that gltf-validator accepts with 0 errors and 0 warnings', async (shape) => {
    const glb = writeGlb(shapeMesh(shape), { name: 'm', color: [200, 10, 10], metallic: 0, roughness: 0.5 });
    expect(isGlb(glb)).toBe(true);
    const report = await validateBytes(glb);
    expect(report.issues.messages).toEqual([]);
    expect(report.issues.numErrors).toBe(0);
    expect(report.issues.numWarnings).toBe(0);
    expect(report.info?.totalTriangleCount).toBeGreaterThan(0);
  });

  it.each(VARIANTS)(
    'writes a %s (%s) that gltf-validator accepts with 0 errors and 0 warnings',
    async (shape, _, g) => {
      const glb = writeGlb(buildModel(shape, g).mesh, {
        name: 'm',
        color: [10, 200, 10],
        metallic: 0,
        roughness: 0.5,
      });
      const report = await validateBytes(glb);
      expect(report.issues.messages).toEqual([]);
      expect(report.issues.numErrors).toBe(0);
      expect(report.issues.numWarnings).toBe(0);
      expect(report.info?.totalTriangleCount).toBeGreaterThan(0);
    },
  );

  it('winds every triangle so its face normal agrees with the vertex normals', () => {
    const meshes = [
      ...SHAPES.map((shape) => [shape, shapeMesh(shape)] as const),
      ...VARIANTS.map(([shape, label, g]) => [`${shape} (${label})`, buildModel(shape, g).mesh] as const),
    ];
    for (const [shape, { positions: p, normals: n, indices }] of meshes) {
      for (let t = 0; t < indices.length; t += 3) {
        const [a, b, c] = [indices[t]! * 3, indices[t + 1]! * 3, indices[t + 2]! * 3];
        const e1 = [p[b]! - p[a]!, p[b + 1]! - p[a + 1]!, p[b + 2]! - p[a + 2]!];
        const e2 = [p[c]! - p[a]!, p[c + 1]! - p[a + 1]!, p[c + 2]! - p[a + 2]!];
        const face = [
          e1[1]! * e2[2]! - e1[2]! * e2[1]!,
          e1[2]! * e2[0]! - e1[0]! * e2[2]!,
          e1[0]! * e2[1]! - e1[1]! * e2[0]!,
        ];
        const avg = [0, 1, 2].map((k) => n[a + k]! + n[b + k]! + n[c + k]!);
        const dot = face[0]! * avg[0]! + face[1]! * avg[1]! + face[2]! * avg[2]!;
        expect(dot, `${shape} triangle ${t / 3}`).toBeGreaterThan(0);
      }
    }
  });

  it('stores the colour as a linear baseColorFactor', () => {
    const glb = writeGlb(shapeMesh('cube'), { name: 'red', color: [255, 0, 0], metallic: 0, roughness: 1 });
    const json = readGlbJson(glb);
    expect(json.materials[0].pbrMetallicRoughness.baseColorFactor).toEqual([1, 0, 0, 1]);
  });
});

describe('describeSubject', () => {
  it('reads shape and colour words from a prompt', () => {
    expect(describeSubject('a red sphere')).toMatchObject({
      shape: 'sphere',
      colorName: 'red',
      shapeFromWords: true,
    });
    expect(describeSubject('Two BLUE donuts')).toMatchObject({ shape: 'torus', colorName: 'blue' });
    expect(describeSubject('a green box on a table')).toMatchObject({ shape: 'cube', colorName: 'green' });
    expect(describeSubject('a yellow torus')).toMatchObject({ shape: 'torus', colorName: 'yellow' });
    expect(describeSubject('three boxes and glasses')).toMatchObject({ shape: 'cube' });
    expect(describeSubject('a constructor of toString')).toMatchObject({ colorName: 'clay' });
  });

  it('falls back to a default shape and colour for unknown words', () => {
    expect(describeSubject('a majestic griffin')).toMatchObject({
      shape: 'capsule',
      colorName: 'clay',
      shapeFromWords: false,
    });
  });
});

describe('buildModel', () => {
  const triangles = (shape: (typeof SHAPES)[number], g: ModelGeometry) =>
    buildModel(shape, g).mesh.indices.length / 3;

  it('makes round shapes low-poly: fewer triangles than smooth, no shared vertices', () => {
    for (const shape of ['sphere', 'cylinder', 'cone', 'torus', 'capsule'] as const) {
      const low = buildModel(shape, { kind: 'lowpoly' });
      expect(low.look).toBe('lowpoly');
      expect(low.mesh.indices.length / 3, shape).toBeLessThan(triangles(shape, { kind: 'smooth' }));
      expect(low.mesh.positions.length / 3, shape).toBe(low.mesh.indices.length);
    }
  });

  it('keeps triangles at or under a feasible face limit, and a smooth mesh that fits stays smooth', () => {
    expect(triangles('sphere', { kind: 'smooth', faceLimit: 500 })).toBeLessThanOrEqual(500);
    expect(triangles('sphere', { kind: 'smooth', faceLimit: 500 })).toBeGreaterThan(250);
    expect(triangles('torus', { kind: 'lowpoly', faceLimit: 40 })).toBeLessThanOrEqual(40);
    expect(
      triangles('capsule', { kind: 'voxel', blocks: 16, studs: true, faceLimit: 400 }),
    ).toBeLessThanOrEqual(400);
    expect(buildModel('cylinder', { kind: 'smooth', faceLimit: 5000 })).toMatchObject({ look: 'smooth' });
    expect(buildModel('cylinder', { kind: 'smooth', faceLimit: 5000 }).mesh).toEqual(shapeMesh('cylinder'));
  });

  it('voxelises onto a grid: axis-aligned normals, positions on cell corners', () => {
    const { mesh, look } = buildModel('sphere', { kind: 'voxel', blocks: 8, studs: false });
    expect(look).toBe('voxel');
    for (let i = 0; i < mesh.normals.length; i += 3) {
      const n = [...mesh.normals.subarray(i, i + 3)].map(Math.abs).sort((a, b) => a - b);
      expect(n).toEqual([0, 0, 1]);
    }
    const cell = 1 / 8;
    for (const v of mesh.positions) expect(Math.abs(v / cell - Math.round(v / cell))).toBeLessThan(1e-4);
  });

  it('adds studs for the brick look', () => {
    const plain = buildModel('cube', { kind: 'voxel', blocks: 4, studs: false });
    const bricks = buildModel('cube', { kind: 'voxel', blocks: 4, studs: true });
    expect(bricks.look).toBe('lego');
    // A 4×4×4 cube shows 6·16 faces; the bricks add 16 studs on the top layer.
    expect(plain.mesh.indices.length / 3).toBe(6 * 16 * 2);
    expect(bricks.mesh.indices.length / 3).toBeGreaterThan(plain.mesh.indices.length / 3 + 16);
    expect(bricks.mesh.positions.length).toBeGreaterThan(plain.mesh.positions.length);
  });
});
