/** Model bytes as the viewer receives them through `resources/read`, and whether it can show them. */

/** The parts of a `resources/read` answer the viewer reads. */
export interface ReadResourceLike {
  contents: readonly { uri: string; mimeType?: string; blob?: string; text?: string }[];
}

/**
 * glTF extensions whose decoders model-viewer downloads from a CDN at run time. The page declares no
 * domain in its CSP, so it cannot load them; it says so instead of failing silently.
 */
const DECODER_EXTENSIONS: Readonly<Record<string, string>> = {
  KHR_draco_mesh_compression: 'Draco mesh compression',
  EXT_meshopt_compression: 'meshopt compression',
  KHR_texture_basisu: 'KTX2 (Basis) textures',
};

const GLB_MAGIC = 0x46546c67; // "glTF", little-endian
const JSON_CHUNK = 0x4e4f534a; // "JSON"

type Base64Decoder = (text: string) => Uint8Array;

function decodeBase64(text: string): Uint8Array {
  const native = (Uint8Array as unknown as { fromBase64?: Base64Decoder }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes of the first content of a `resources/read` answer, or `undefined` if it holds none. */
export function resourceBytes(read: ReadResourceLike): Uint8Array | undefined {
  const first = read.contents[0];
  if (first?.blob !== undefined) return decodeBase64(first.blob);
  if (first?.text !== undefined) return new TextEncoder().encode(first.text);
  return undefined;
}

/** Whether `bytes` start like a binary glTF file. */
export function isGlb(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 20) return false;
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) === GLB_MAGIC;
}

/** The glTF JSON of a GLB, or `undefined` if it cannot be read. */
function glbJson(bytes: Uint8Array): { extensionsUsed?: unknown } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(12, true);
  if (view.getUint32(16, true) !== JSON_CHUNK || 20 + length > bytes.byteLength) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(bytes.subarray(20, 20 + length)));
  } catch {
    return undefined;
  }
}

/**
 * Why the viewer cannot show these bytes, or `undefined` when it can: only GLB is shown, and only when it
 * needs no decoder from the network.
 */
export function unshowableReason(bytes: Uint8Array, format: string): string | undefined {
  if (!isGlb(bytes)) return `${format.toUpperCase()} files cannot be previewed here; only GLB models can.`;
  const json = glbJson(bytes);
  if (json === undefined) return 'The file looks like a GLB model, but its header cannot be read.';
  const used = Array.isArray(json.extensionsUsed) ? json.extensionsUsed : [];
  const needs = used.flatMap((name) => (typeof name === 'string' && DECODER_EXTENSIONS[name]) || []);
  if (needs.length === 0) return undefined;
  return `This model uses ${needs.join(' and ')}, whose decoder this viewer would have to download; it loads nothing from the network.`;
}
