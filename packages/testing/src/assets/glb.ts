import { type Mesh, meshBounds } from './mesh.js';
import type { Rgb } from './subject.js';

/** A single PBR metallic-roughness material. */
export interface PbrMaterial {
  name: string;
  /** sRGB base colour; written as linear `baseColorFactor` as glTF requires. */
  color: Rgb;
  metallic: number;
  roughness: number;
}

const GLB_MAGIC = 0x46546c67; // "glTF"
const CHUNK_JSON = 0x4e4f534a; // "JSON"
const CHUNK_BIN = 0x004e4942; // "BIN\0"
const ARRAY_BUFFER = 34962;
const ELEMENT_ARRAY_BUFFER = 34963;
const FLOAT = 5126;
const UNSIGNED_SHORT = 5123;
const UNSIGNED_INT = 5125;

function srgbToLinear(c: number): number {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

const pad4 = (n: number): number => (n + 3) & ~3;

/** A glTF 2.0 document (JSON part) plus its single binary buffer. */
interface GltfParts {
  json: Record<string, unknown> & { buffers: Array<{ byteLength: number; uri?: string }> };
  bin: Uint8Array;
}

/** One scene, one node, one mesh with POSITION, NORMAL and indices, and one PBR material. */
function buildGltf(mesh: Mesh, material: PbrMaterial, name: string): GltfParts {
  const vertexCount = mesh.positions.length / 3;
  const wide = vertexCount > 0xffff;
  const indexBytes = wide ? Uint32Array.from(mesh.indices) : Uint16Array.from(mesh.indices);
  const views = [
    { data: new Uint8Array(mesh.positions.buffer, mesh.positions.byteOffset, mesh.positions.byteLength) },
    { data: new Uint8Array(mesh.normals.buffer, mesh.normals.byteOffset, mesh.normals.byteLength) },
    { data: new Uint8Array(indexBytes.buffer, indexBytes.byteOffset, indexBytes.byteLength) },
  ];
  let offset = 0;
  const placed = views.map((v) => {
    const at = offset;
    offset = pad4(offset + v.data.byteLength);
    return { ...v, at };
  });
  const binLength = offset;
  const bounds = meshBounds(mesh);
  const gltf = {
    asset: { version: '2.0', generator: 'TripoKit Tripo simulator' },
    scene: 0,
    scenes: [{ name, nodes: [0] }],
    nodes: [{ name, mesh: 0 }],
    meshes: [
      { name, primitives: [{ attributes: { POSITION: 0, NORMAL: 1 }, indices: 2, material: 0, mode: 4 }] },
    ],
    materials: [
      {
        name: material.name,
        pbrMetallicRoughness: {
          baseColorFactor: [...material.color.map(srgbToLinear), 1],
          metallicFactor: material.metallic,
          roughnessFactor: material.roughness,
        },
      },
    ],
    accessors: [
      {
        bufferView: 0,
        componentType: FLOAT,
        count: vertexCount,
        type: 'VEC3',
        min: bounds.min,
        max: bounds.max,
      },
      { bufferView: 1, componentType: FLOAT, count: vertexCount, type: 'VEC3' },
      {
        bufferView: 2,
        componentType: wide ? UNSIGNED_INT : UNSIGNED_SHORT,
        count: mesh.indices.length,
        type: 'SCALAR',
      },
    ],
    bufferViews: placed.map((v, i) => ({
      buffer: 0,
      byteOffset: v.at,
      byteLength: v.data.byteLength,
      target: i === 2 ? ELEMENT_ARRAY_BUFFER : ARRAY_BUFFER,
    })),
    buffers: [{ byteLength: binLength }],
  };
  const bin = new Uint8Array(binLength);
  for (const v of placed) bin.set(v.data, v.at);
  return { json: gltf, bin };
}

/**
 * Writes a glTF 2.0 binary (GLB). Layout: 12-byte header, JSON chunk (space-padded), BIN chunk (zero-padded),
 * all 4-byte aligned.
 */
export function writeGlb(mesh: Mesh, material: PbrMaterial, name = 'model'): Uint8Array {
  const { json, bin } = buildGltf(mesh, material, name);
  const binLength = bin.byteLength;
  const jsonRaw = new TextEncoder().encode(JSON.stringify(json));
  const jsonLength = pad4(jsonRaw.byteLength);
  const total = 12 + 8 + jsonLength + 8 + binLength;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, GLB_MAGIC, true);
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLength, true);
  dv.setUint32(16, CHUNK_JSON, true);
  out.set(jsonRaw, 20);
  out.fill(0x20, 20 + jsonRaw.byteLength, 20 + jsonLength);
  const binStart = 20 + jsonLength;
  dv.setUint32(binStart, binLength, true);
  dv.setUint32(binStart + 4, CHUNK_BIN, true);
  out.set(bin, binStart + 8);
  return out;
}

/** Writes a self-contained `.gltf` (JSON with the buffer embedded as a base64 data URI). */
export function writeGltf(mesh: Mesh, material: PbrMaterial, name = 'model'): Uint8Array {
  const { json, bin } = buildGltf(mesh, material, name);
  json.buffers = [
    {
      byteLength: bin.byteLength,
      uri: `data:application/octet-stream;base64,${Buffer.from(bin).toString('base64')}`,
    },
  ];
  return new TextEncoder().encode(JSON.stringify(json));
}

/** True when `bytes` start with the GLB magic and version 2. */
export function isGlb(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 12) return false;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return dv.getUint32(0, true) === GLB_MAGIC && dv.getUint32(4, true) === 2;
}
