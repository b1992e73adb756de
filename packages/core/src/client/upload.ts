import { TripoError } from '../errors.js';
import {
  extensionOf,
  readUploadSource,
  type Uploaded,
  type UploadOptions,
  type UploadSource,
} from './upload-source.js';

export type { Uploaded, UploadOptions, UploadSource } from './upload-source.js';

/** Image types Tripo accepts for upload, as its file-object `type` hint. */
export type UploadImageType = 'jpg' | 'png' | 'webp';

/** An uploaded image: its `file` object is valid as any image input, in both dialects. */
export type UploadedFile = Uploaded<UploadImageType>;

/** Tripo's upload limit. */
export const MAX_IMAGE_UPLOAD_BYTES = 20 * 1024 * 1024;

const MIME: Readonly<Record<UploadImageType, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

/** The image type of `bytes` by their magic number, if JPEG, PNG or WebP. */
export function sniffImageType(bytes: Uint8Array): UploadImageType | undefined {
  const at = (i: number): number => bytes[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'jpg';
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return 'png';
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return undefined;
}

function typeFromName(name: string | undefined): UploadImageType | undefined {
  const ext = extensionOf(name);
  if (ext === 'jpg' || ext === 'jpeg') return 'jpg';
  if (ext === 'png' || ext === 'webp') return ext;
  return undefined;
}

/** A ready-to-send upload: bytes, name and type, checked for size and type. */
export interface PreparedUpload {
  blob: Blob;
  filename: string;
  type: UploadImageType;
  bytes: number;
}

/** Reads and checks an upload source: refuses more than 20 MB (before reading a file) and non-images. */
export async function prepareUpload(
  source: UploadSource,
  options: UploadOptions = {},
): Promise<PreparedUpload> {
  const { bytes, name } = await readUploadSource(source, options, {
    maxBytes: MAX_IMAGE_UPLOAD_BYTES,
    suggestion: 'Resize or recompress the image below 20 MB.',
  });
  const type = sniffImageType(bytes) ?? typeFromName(name);
  if (type === undefined) {
    throw new TripoError('invalid_request', 'Only JPEG, PNG and WebP images can be uploaded to Tripo.', {
      field: 'file',
      suggestion: 'Convert the image to PNG or JPEG first.',
    });
  }
  const filename = name ?? `upload.${type}`;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { blob: new Blob([copy], { type: MIME[type] }), filename, type, bytes: bytes.byteLength };
}
