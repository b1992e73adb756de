import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { TripoError } from '../errors.js';

/** What `uploadFile` accepts: a local path, or the bytes themselves. */
export type UploadSource = string | Uint8Array | ArrayBuffer | Blob;

/** Options of `uploadFile`. */
export interface UploadOptions {
  /** File name sent with the bytes (default: the path's base name, or `upload.<ext>`). */
  filename?: string;
  signal?: AbortSignal;
}

/** Image types Tripo accepts for upload, as its file-object `type` hint. */
export type UploadImageType = 'jpg' | 'png' | 'webp';

/** An uploaded image: pass `file` (or `fileToken`) as any image input of a task request. */
export interface UploadedFile {
  /** A Tripo file object, valid in both dialects. */
  file: { type: UploadImageType; file_token: string };
  fileToken: string;
  type: UploadImageType;
  bytes: number;
}

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
  const ext = name?.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'jpg';
  if (ext === 'png' || ext === 'webp') return ext;
  return undefined;
}

function tooLarge(size: number): TripoError {
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  return new TripoError(
    'invalid_request',
    `The file is ${mb(size)} MB; Tripo accepts at most ${mb(MAX_IMAGE_UPLOAD_BYTES)} MB.`,
    {
      field: 'file',
      suggestion: 'Resize or recompress the image below 20 MB.',
    },
  );
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
  let bytes: Uint8Array;
  let name = options.filename;
  if (typeof source === 'string') {
    try {
      const info = await stat(source);
      if (!info.isFile()) throw new Error('not a regular file');
      if (info.size > MAX_IMAGE_UPLOAD_BYTES) throw tooLarge(info.size);
      bytes = new Uint8Array(await readFile(source, { signal: options.signal }));
    } catch (cause) {
      if (cause instanceof TripoError) throw cause;
      throw new TripoError('file_access', `Cannot read the file to upload (${basename(source)}).`, {
        field: 'file',
        cause,
        suggestion: 'Check that the path exists, is a file and is readable.',
      });
    }
    name ??= basename(source);
  } else if (source instanceof Blob) {
    if (source.size > MAX_IMAGE_UPLOAD_BYTES) throw tooLarge(source.size);
    bytes = new Uint8Array(await source.arrayBuffer());
  } else {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  }
  if (bytes.byteLength > MAX_IMAGE_UPLOAD_BYTES) throw tooLarge(bytes.byteLength);
  if (bytes.byteLength === 0) {
    throw new TripoError('invalid_request', 'The file to upload is empty.', { field: 'file' });
  }
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
