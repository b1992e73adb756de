import {
  readTypedUpload,
  startsWithText,
  type Uploaded,
  type UploadKind,
  type UploadOptions,
  type UploadSource,
} from './upload-source.js';

export type { CheckedUpload, Uploaded, UploadOptions, UploadSource } from './upload-source.js';

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
  if (at(0) === 0x89 && startsWithText(bytes.subarray(1), 'PNG')) return 'png';
  if (bytes.length >= 12 && startsWithText(bytes, 'RIFF') && startsWithText(bytes.subarray(8), 'WEBP'))
    return 'webp';
  return undefined;
}

const IMAGE_UPLOAD: UploadKind<UploadImageType> = {
  limit: { maxBytes: MAX_IMAGE_UPLOAD_BYTES, suggestion: 'Resize or recompress the image below 20 MB.' },
  recognise: sniffImageType,
  refusal: () => 'Only JPEG, PNG and WebP images can be uploaded to Tripo.',
  suggestion: 'Convert the image to PNG or JPEG first.',
  defaultName: 'upload',
};

/** A ready-to-send upload: bytes, name and type, checked for size and type. */
export interface PreparedUpload {
  blob: Blob;
  filename: string;
  type: UploadImageType;
  bytes: number;
}

/**
 * Reads and checks an upload source: refuses more than 20 MB (before reading a file) and anything whose bytes
 * are not a JPEG, PNG or WebP image, whatever its name says.
 */
export async function prepareUpload(
  source: UploadSource,
  options: UploadOptions = {},
): Promise<PreparedUpload> {
  const { bytes, filename, type } = await readTypedUpload(source, options, IMAGE_UPLOAD);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return { blob: new Blob([copy], { type: MIME[type] }), filename, type, bytes: bytes.byteLength };
}
