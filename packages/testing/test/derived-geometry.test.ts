import { validateBytes } from 'gltf-validator';
import { describe, expect, it } from 'vitest';
import { isGlb } from '../src/index.js';
import { api, useMswSimulator } from './helpers.js';

const makeSim = useMswSimulator();
const HOUR = 3_600_000;

/** What a test needs from a served GLB: names, accessor counts and the normals from the BIN chunk. */
interface GlbModel {
  bytes: Uint8Array;
  node: string;
  material: string;
  color: number[];
  vertices: number;
  triangles: number;
  normals: Float32Array;
}

function parseGlb(bytes: Uint8Array): GlbModel {
  expect(isGlb(bytes)).toBe(true);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = dv.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength)));
  const primitive = json.meshes[0].primitives[0];
  const normalAccessor = json.accessors[primitive.attributes.NORMAL];
  const view = json.bufferViews[normalAccessor.bufferView];
  const binStart = 20 + jsonLength + 8;
  const normalBytes = bytes.slice(binStart + view.byteOffset, binStart + view.byteOffset + view.byteLength);
  return {
    bytes,
    node: json.nodes[0].name,
    material: json.materials[0].name,
    color: json.materials[0].pbrMetallicRoughness.baseColorFactor,
    vertices: json.accessors[primitive.attributes.POSITION].count,
    triangles: json.accessors[primitive.indices].count / 3,
    normals: new Float32Array(normalBytes.buffer),
  };
}

function axisAligned(normals: Float32Array): boolean {
  for (let i = 0; i < normals.length; i += 3) {
    const n = [...normals.subarray(i, i + 3)].map(Math.abs).sort((a, b) => a - b);
    if (n[0]! > 1e-6 || n[1]! > 1e-6) return false;
  }
  return true;
}

/** A v3 client that creates a task, lets it finish on the fake clock, and downloads its main model. */
function harness() {
  const { sim, clock } = makeSim();
  const v3 = api(sim.apiBase('v3'));
  const run = async (route: string, body: Record<string, unknown>): Promise<string> => {
    const res = await v3.post(route, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    clock.advance(HOUR);
    return res.json.data.task_id;
  };
  const model = async (taskId: string): Promise<GlbModel> => {
    const task = (await v3.get(`/tasks/${taskId}`)).json.data;
    expect(task.status).toBe('success');
    const res = await fetch(task.output.model_url);
    expect(res.status).toBe(200);
    return parseGlb(new Uint8Array(await res.arrayBuffer()));
  };
  return { run, model };
}

async function expectValid(glb: GlbModel): Promise<void> {
  const report = await validateBytes(glb.bytes);
  expect(report.issues.messages).toEqual([]);
  expect(report.issues.numErrors).toBe(0);
  expect(report.issues.numWarnings).toBe(0);
}

describe('derived tasks change the geometry the way their operation does', () => {
  it('highpoly_to_lowpoly keeps shape and colour, with fewer, flat-shaded triangles', async () => {
    const { run, model } = harness();
    const source = await run('/generation/text-to-model', { prompt: 'a friendly robot' });
    const low = await run('/mesh/decimate', { input: source });
    const [before, after] = [await model(source), await model(low)];
    expect(before.node).toBe('clay_capsule');
    expect(after.node).toBe('clay_capsule_lowpoly');
    expect(after.color).toEqual(before.color);
    expect(after.triangles).toBeLessThan(before.triangles);
    // Flat shading: no vertex is shared, so each triangle has three of its own.
    expect(after.vertices).toBe(after.triangles * 3);
    expect(before.vertices).toBeLessThan(before.triangles * 3);
    await expectValid(after);
  });

  it('respects face_limit on decimation, conversion and generation; smart_low_poly gives a low-poly model', async () => {
    const { run, model } = harness();
    const torus = await run('/generation/text-to-model', { prompt: 'a golden ring' });
    const smooth = await model(torus);
    expect(smooth.triangles).toBeGreaterThan(500);
    const decimated = await model(await run('/mesh/decimate', { input: torus, face_limit: 500 }));
    expect(decimated.triangles).toBeLessThanOrEqual(500);
    const converted = await model(
      await run('/models/convert', { input: torus, format: 'GLB', face_limit: 40 }),
    );
    expect(converted.triangles).toBeLessThanOrEqual(40);
    expect(converted.vertices).toBe(converted.triangles * 3);
    await expectValid(converted);
    const capped = await model(await run('/generation/text-to-model', { prompt: 'a ball', face_limit: 300 }));
    expect(capped.triangles).toBeLessThanOrEqual(300);
    expect(capped.node).toBe('clay_sphere_lowpoly');
    const roomy = await model(
      await run('/generation/text-to-model', { prompt: 'a ball', face_limit: 50_000 }),
    );
    expect(roomy.node).toBe('clay_sphere');
    const smart = await model(
      await run('/generation/text-to-model', { prompt: 'a ball', smart_low_poly: true, face_limit: 1000 }),
    );
    expect(smart.node).toBe('clay_sphere_lowpoly');
    expect(smart.triangles).toBeLessThan(roomy.triangles);
  });

  it('stylize voxel, minecraft and lego rebuild the shape from blocks; voronoi makes it faceted', async () => {
    const { run, model } = harness();
    const source = await run('/generation/text-to-model', { prompt: 'a red sphere' });
    const before = await model(source);
    const voxel = await model(await run('/models/stylize', { input: source, style: 'voxel' }));
    expect(voxel.node).toBe('red_sphere_voxel');
    expect(voxel.vertices).not.toBe(before.vertices);
    expect(axisAligned(before.normals)).toBe(false);
    expect(axisAligned(voxel.normals)).toBe(true);
    await expectValid(voxel);
    const minecraft = await model(await run('/models/stylize', { input: source, style: 'minecraft' }));
    expect(minecraft.node).toBe('red_sphere_voxel');
    const lego = await model(await run('/models/stylize', { input: source, style: 'lego' }));
    expect(lego.node).toBe('red_sphere_lego');
    expect(axisAligned(lego.normals)).toBe(false); // the studs are round
    await expectValid(lego);
    const voronoi = await model(await run('/models/stylize', { input: source, style: 'voronoi' }));
    expect(voronoi.triangles).toBeLessThan(before.triangles);
    const keycap = await model(await run('/models/stylize', { input: source, style: 'keycap' }));
    expect([keycap.node, keycap.triangles]).toEqual([before.node, before.triangles]);
  });

  it('texture_model recolours the same geometry; other derived tasks keep their source geometry', async () => {
    const { run, model } = harness();
    const source = await run('/generation/text-to-model', { prompt: 'a friendly robot' });
    const low = await run('/mesh/decimate', { input: source });
    const lowModel = await model(low);
    const painted = await model(await run('/models/texture', { input: low, text_prompt: 'paint it pink' }));
    expect(painted.node).toBe('pink_capsule_lowpoly');
    expect(painted.material).toBe('pink_pbr');
    expect([painted.vertices, painted.triangles]).toEqual([lowModel.vertices, lowModel.triangles]);
    const plain = await model(await run('/models/texture', { input: low, text_prompt: 'more detail' }));
    expect(plain.node).toBe('clay_capsule_lowpoly');

    const blocks = await run('/models/stylize', { input: source, style: 'voxel' });
    const blockModel = await model(blocks);
    const rigged = await model(await run('/animations/rig', { input: blocks }));
    expect([rigged.node, rigged.vertices, rigged.triangles]).toEqual([
      blockModel.node,
      blockModel.vertices,
      blockModel.triangles,
    ]);
    const converted = await model(await run('/models/convert', { input: blocks, format: 'GLB' }));
    expect(converted.triangles).toBe(blockModel.triangles);
  });
});
