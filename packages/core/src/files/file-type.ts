/** A file's extension (with the dot) and media type. */
export interface FileType {
  ext: string;
  contentType: string;
}

/** How many leading bytes {@link detectFileType} looks at. */
export const SNIFF_BYTES = 4096;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.fbx': 'application/octet-stream',
  '.obj': 'model/obj',
  '.mtl': 'model/mtl',
  '.stl': 'model/stl',
  '.usdz': 'model/vnd.usdz+zip',
  '.usd': 'model/vnd.usd',
  '.usda': 'model/vnd.usda',
  '.usdc': 'model/vnd.usd',
  '.3mf': 'model/3mf',
  '.zip': 'application/zip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.schem': 'application/octet-stream',
  '.gz': 'application/gzip',
  '.mp4': 'video/mp4',
};

const EXT_BY_CONTENT_TYPE: Readonly<Record<string, string>> = {
  'model/gltf-binary': '.glb',
  'model/gltf+json': '.gltf',
  'model/obj': '.obj',
  'model/stl': '.stl',
  'model/vnd.usdz+zip': '.usdz',
  'model/3mf': '.3mf',
  'application/zip': '.zip',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'image/gif': '.gif',
};

/** Formats that are zip archives inside: a bare zip sniff defers to these URL extensions. */
const ZIP_BASED = new Set(['.zip', '.usdz', '.3mf']);
const GZIP_BASED = new Set(['.gz', '.schem']);

/**
 * A format recognised from a file's bytes: its extension, and whether the signature is definite (`strong`:
 * magic numbers, a binary STL whose size matches its triangle count) or tentative (`weak`: OBJ or ASCII STL
 * text, a plain zip or gzip).
 */
export type Sniffed = { ext: string; strength: 'strong' | 'weak' };

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

function sniffZip(head: Uint8Array): Sniffed {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const nameLength = head.length >= 30 ? view.getUint16(26, true) : 0;
  const firstName = ascii(head, 30, nameLength).toLowerCase();
  if (/\.usd[ac]?$/.test(firstName)) return { ext: '.usdz', strength: 'strong' };
  if (ascii(head, 0, head.length).includes('3D/3dmodel.model')) return { ext: '.3mf', strength: 'strong' };
  return { ext: '.zip', strength: 'weak' };
}

function sniffText(head: Uint8Array): Sniffed | undefined {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('#usda')) return { ext: '.usda', strength: 'strong' };
  if (trimmed.startsWith('{') && /"asset"\s*:/.test(trimmed)) return { ext: '.gltf', strength: 'strong' };
  if (/^solid[ \t]/.test(trimmed) && /\bfacet\b|\bendsolid\b/.test(trimmed))
    return { ext: '.stl', strength: 'weak' };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: binary bytes rule out a text format
  if (/[\u0000-\u0008\u000e-\u001f]/.test(text)) return undefined;
  if (/^(v|vn|vt|f|o|g|mtllib|usemtl)[ \t]/m.test(trimmed)) return { ext: '.obj', strength: 'weak' };
  return undefined;
}

/**
 * Identifies a file from its first bytes (up to {@link SNIFF_BYTES}) and total size (for binary STL), whatever it
 * is called: GLB, FBX (binary and ASCII), PNG, JPEG, WEBP, GIF, USDZ, 3MF, zip, gzip, STL (binary and ASCII),
 * glTF JSON, USDA, OBJ; `undefined` for anything else.
 */
export function sniffFileType(bytes: Uint8Array, totalBytes: number): Sniffed | undefined {
  const head = bytes.subarray(0, SNIFF_BYTES);
  if (ascii(head, 0, 4) === 'glTF') return { ext: '.glb', strength: 'strong' };
  if (ascii(head, 0, 18) === 'Kaydara FBX Binary') return { ext: '.fbx', strength: 'strong' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { ext: '.png', strength: 'strong' };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { ext: '.jpg', strength: 'strong' };
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP')
    return { ext: '.webp', strength: 'strong' };
  if (ascii(head, 0, 4) === 'GIF8') return { ext: '.gif', strength: 'strong' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(head);
  if (startsWith(head, [0x1f, 0x8b])) return { ext: '.gz', strength: 'weak' };
  if (ascii(head, 0, 5) === '; FBX') return { ext: '.fbx', strength: 'strong' };
  if (head.length >= 84) {
    const triangles = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(80, true);
    if (84 + 50 * triangles === totalBytes) return { ext: '.stl', strength: 'strong' };
  }
  return sniffText(head);
}

/** The lower-cased extension of a URL's path, when it is one we know. */
export function extensionFromUrl(url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(pathname);
  const ext = match ? `.${match[1]?.toLowerCase()}` : undefined;
  return ext !== undefined && ext in CONTENT_TYPES ? ext : undefined;
}

function typeOf(ext: string, headerType: string | undefined): FileType {
  return { ext, contentType: CONTENT_TYPES[ext] ?? headerType ?? 'application/octet-stream' };
}

/** Formats whose files always start with a signature: a body without it is not such a file. */
const SIGNED: ReadonlySet<string> = new Set([
  '.glb',
  '.fbx',
  '.png',
  '.jpg',
  '.jpeg',
  '.webp',
  '.gif',
  '.usdz',
  '.3mf',
  '.zip',
  '.gz',
  '.schem',
]);

function leadingText(head: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false })
    .decode(head.subarray(0, 512))
    .replace(/^\uFEFF/, '')
    .trimStart();
}

/**
 * Why a downloaded body is not the file it should be, or `undefined` when it may be saved: an HTML (or other
 * markup) page or a JSON document instead of a model or image (what error pages and gateways send, often with
 * status 200), or no signature of the format its link names (a `.glb` link must bring glTF bytes, a `.png`
 * one PNG bytes, …; a file of another definite format is fine, and is named by its bytes).
 */
export function downloadMismatch(input: {
  head: Uint8Array;
  totalBytes: number;
  url: string;
}): string | undefined {
  const sniffed = sniffFileType(input.head, input.totalBytes);
  if (sniffed?.strength === 'strong' && sniffed.ext !== '.gltf') return undefined;
  const text = leadingText(input.head);
  if (text.startsWith('<')) return 'an HTML page';
  if ((text.startsWith('{') || text.startsWith('[')) && sniffed?.ext !== '.gltf') return 'a JSON document';
  if (sniffed?.ext === '.gltf') return undefined;
  const expected = extensionFromUrl(input.url);
  if (expected === undefined || !SIGNED.has(expected)) return undefined;
  const compatible =
    (sniffed?.ext === '.zip' && ZIP_BASED.has(expected)) ||
    (sniffed?.ext === '.gz' && GZIP_BASED.has(expected));
  return compatible ? undefined : `no ${expected.slice(1).toUpperCase()} data (the bytes lack its signature)`;
}

/**
 * Decides a downloaded file's type: a definite signature in the bytes wins (URL extensions are not always
 * accurate), then the URL's extension, then a tentative signature, then the `Content-Type`, else `.bin`.
 */
export function detectFileType(input: {
  head: Uint8Array;
  totalBytes: number;
  url: string;
  contentType?: string;
}): FileType {
  const headerType = input.contentType?.split(';')[0]?.trim().toLowerCase() || undefined;
  const sniffed = sniffFileType(input.head, input.totalBytes);
  const fromUrl = extensionFromUrl(input.url);
  if (sniffed?.strength === 'strong') return typeOf(sniffed.ext, headerType);
  if (fromUrl) {
    const fits =
      !sniffed ||
      sniffed.ext === fromUrl ||
      (sniffed.ext === '.zip' && ZIP_BASED.has(fromUrl)) ||
      (sniffed.ext === '.gz' && GZIP_BASED.has(fromUrl));
    if (fits) return typeOf(fromUrl, headerType);
  }
  if (sniffed) return typeOf(sniffed.ext, headerType);
  const byHeader = headerType ? EXT_BY_CONTENT_TYPE[headerType] : undefined;
  if (byHeader) return typeOf(byHeader, headerType);
  return { ext: '.bin', contentType: headerType ?? 'application/octet-stream' };
}
