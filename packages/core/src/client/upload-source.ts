import { basename } from 'node:path';
import { TripoError } from '../errors.js';
import { LocalFileError, readLocalFile } from '../files/local-file.js';

/** What the upload methods accept: a local path, or the bytes themselves. */
export type UploadSource = string | Uint8Array | ArrayBuffer | Blob;

/** Options of `uploadFile` and `uploadModel`. */
export interface UploadOptions {
  /** File name sent with the bytes (default: the path's base name, or `upload.<ext>`). */
  filename?: string;
  signal?: AbortSignal;
}

/** An uploaded file of type `T`: pass `file` (or `fileToken`) as a task request's file input. */
export interface Uploaded<T extends string> {
  /** A Tripo file object. */
  file: { type: T; file_token: string };
  fileToken: string;
  type: T;
  bytes: number;
}

/** The result of an upload: the Tripo file object and what went up. */
export function uploaded<T extends string>(type: T, fileToken: string, bytes: number): Uploaded<T> {
  return { file: { type, file_token: fileToken }, fileToken, type, bytes };
}

/** The bytes of an upload source and the name they go by, if any. */
export interface UploadBytes {
  bytes: Uint8Array;
  name?: string;
}

/** How large an upload may be, and what to advise when it is larger. */
export interface UploadLimit {
  maxBytes: number;
  suggestion: string;
}

function tooLarge(size: number, limit: UploadLimit): TripoError {
  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  return new TripoError(
    'invalid_request',
    `The file is ${mb(size)} MB; Tripo accepts at most ${mb(limit.maxBytes)} MB.`,
    { field: 'file', suggestion: limit.suggestion },
  );
}

/**
 * Reads an upload source: refuses more than `limit.maxBytes` (a file's size is checked before reading it) and an
 * empty source. A path is opened once and read from that handle only (never re-opened by name), and only if it
 * is a regular file; anything else becomes `TripoError('file_access')`.
 */
export async function readUploadSource(
  source: UploadSource,
  options: UploadOptions,
  limit: UploadLimit,
): Promise<UploadBytes> {
  let bytes: Uint8Array;
  let name = options.filename;
  if (typeof source === 'string') {
    options.signal?.throwIfAborted();
    try {
      bytes = (await readLocalFile(source, { maxBytes: limit.maxBytes })).data;
    } catch (cause) {
      if (cause instanceof LocalFileError && cause.reason === 'too_large') {
        throw tooLarge(cause.size ?? limit.maxBytes + 1, limit);
      }
      if (cause instanceof LocalFileError && cause.reason === 'empty') bytes = new Uint8Array();
      else
        throw new TripoError('file_access', `Cannot read the file to upload (${basename(source)}).`, {
          field: 'file',
          cause,
          suggestion: 'Check that the path exists, is a regular file and is readable.',
        });
    }
    name ??= basename(source);
  } else if (source instanceof Blob) {
    if (source.size > limit.maxBytes) throw tooLarge(source.size, limit);
    bytes = new Uint8Array(await source.arrayBuffer());
  } else {
    bytes = source instanceof Uint8Array ? source : new Uint8Array(source);
  }
  if (bytes.byteLength > limit.maxBytes) throw tooLarge(bytes.byteLength, limit);
  if (bytes.byteLength === 0) {
    throw new TripoError('invalid_request', 'The file to upload is empty.', { field: 'file' });
  }
  return name === undefined ? { bytes } : { bytes, name };
}

/** How one kind of upload is checked: its size limit, how its type is recognised, and what a refusal says. */
export interface UploadKind<T extends string> {
  limit: UploadLimit;
  /** The type of `bytes`, from the bytes themselves (never the name); `undefined` refuses them. */
  recognise(bytes: Uint8Array): T | undefined;
  /** Why bytes named `name` are refused. */
  refusal(name: string | undefined): string;
  /** The advice that comes with a refusal. */
  suggestion: string;
  /** The file name sent for a source without one, before `.<type>`. */
  defaultName: string;
}

/** An upload read and checked: its bytes, the file name it goes by, and its type. */
export interface CheckedUpload<T extends string> {
  bytes: Uint8Array;
  filename: string;
  type: T;
}

/** Reads an upload source (see {@link readUploadSource}) and recognises its type, refusing what `kind` does not take. */
export async function readTypedUpload<T extends string>(
  source: UploadSource,
  options: UploadOptions,
  kind: UploadKind<T>,
): Promise<CheckedUpload<T>> {
  const { bytes, name } = await readUploadSource(source, options, kind.limit);
  const type = kind.recognise(bytes);
  if (type === undefined) {
    throw new TripoError('invalid_request', kind.refusal(name), {
      field: 'file',
      suggestion: kind.suggestion,
    });
  }
  return { bytes, filename: name ?? `${kind.defaultName}.${type}`, type };
}

/** Whether `bytes` start with the ASCII `text`. */
export function startsWithText(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/** The lower-case extension of a file name, without the dot (`''` when it has none). */
export function extensionOf(name: string | undefined): string {
  if (name === undefined) return '';
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}
