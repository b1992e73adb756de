import { validateBytes } from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import { describeSubject, isGlb, SHAPES, shapeMesh, writeGlb } from '../src/index.js';

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

  it('winds every triangle so its face normal agrees with the vertex normals', () => {
    for (const shape of SHAPES) {
      const { positions: p, normals: n, indices } = shapeMesh(shape);
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
