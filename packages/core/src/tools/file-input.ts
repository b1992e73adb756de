import { realpath } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { sniffModelType } from '../client/model-upload.js';
import { type FileInput, type FileObject, isFileToken, isHttpUrl } from '../client/requests/index.js';
import { sniffImageType } from '../client/upload.js';
import { TripoError } from '../errors.js';
import { type LocalFile, LocalFileError, readLocalFile } from '../files/local-file.js';
import type { ToolContext, ToolFileSettings } from './types.js';

/** What kind of file a reference points to; decides the accepted extensions and size. */
export type FileKind = 'image' | 'model';

/** Extensions Tripo accepts, per kind (tripo-api.md §6). */
export const ACCEPTED_EXTENSIONS: Readonly<Record<FileKind, readonly string[]>> = {
  image: ['.jpg', '.jpeg', '.png', '.webp'],
  model: ['.glb', '.obj', '.fbx', '.stl'],
};

/** Largest local file uploaded, per kind (images 20 MB; model import < 150 MB). */
export const MAX_INPUT_FILE_BYTES: Readonly<Record<FileKind, number>> = {
  image: 20 * 1024 * 1024,
  model: 150 * 1024 * 1024,
};

/** A tool parameter naming an image: URL, upload token or local path (`ImagePath`: the same, undescribed). */
export const ImagePath = z.string().trim().min(1).max(2048);
export const ImageReference = ImagePath.describe('JPEG, PNG or WEBP: URL, file_token or local path.');

// The list's description says what a slot holds.
const ImageSlot = ImagePath.nullable();

/** Four image slots in Tripo's view order [front, left, back, right]; `null` skips a view. */
export function imageViewSlots(description: string) {
  return z.array(ImageSlot).length(4).describe(description);
}

/** A tool parameter naming a 3D model file: URL, upload token or local path. */
export const ModelFileReference = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .describe('GLB, OBJ, FBX or STL: URL, file_token or local path (v3 API).');

function fileAccess(message: string, field: string, suggestion: string): TripoError {
  return new TripoError('file_access', message, { field, suggestion, retryable: false });
}

function expandHome(value: string): string {
  return value === '~' || value.startsWith(`~${path.sep}`) || value.startsWith('~/')
    ? path.join(os.homedir(), value.slice(1))
    : value;
}

async function realpathOrUndefined(target: string): Promise<string | undefined> {
  try {
    return await realpath(target);
  } catch {
    return undefined;
  }
}

function allowedList(files: ToolFileSettings): string {
  return files.allowedInputDirs.length === 0 ? '(none configured)' : files.allowedInputDirs.join(', ');
}

/** A local input file, read once from inside the allowed folders and recognised by its bytes. */
export interface AllowedInputFile {
  /** Its real path. */
  path: string;
  /** Its size in bytes. */
  bytes: number;
  /** Its content: exactly what was checked, and what is uploaded. */
  data: Uint8Array;
  /** What it holds, recognised from `data` (never from the name). */
  kind: FileKind;
}

function kindOf(data: Uint8Array): FileKind | undefined {
  if (sniffImageType(data) !== undefined) return 'image';
  if (sniffModelType(data) !== undefined) return 'model';
  return undefined;
}

function describeKinds(kinds: readonly FileKind[]): string {
  return kinds
    .map((kind) => `${kind === 'image' ? 'an image' : 'a 3D model'} (${KIND_NAMES[kind]})`)
    .join(' or ');
}

const KIND_NAMES: Readonly<Record<FileKind, string>> = {
  image: 'JPEG, PNG or WEBP',
  model: 'GLB, OBJ, FBX or STL',
};

/**
 * Reads a local input file for upload, without a check-then-read race: the path (a relative one is tried
 * against the working directory, then each allowed folder) must lead, links followed, to a regular file
 * inside one of `files.allowedInputDirs`; the file is then opened once, checked again through that handle, and
 * read from it (see `readLocalFile`), so a file swapped for a link meanwhile is refused, never read. What it
 * holds is recognised from its bytes, whatever its name: it must be one of `kinds` and within that kind's size.
 * Throws `TripoError('file_access')` for a path that is missing, outside, not a regular file or changed while
 * read; `TripoError('invalid_request')` for content of the wrong kind, or empty or too large.
 */
export async function readAllowedInputFile(
  value: string,
  files: ToolFileSettings,
  options: { kinds: readonly FileKind[]; field: string },
): Promise<AllowedInputFile> {
  const { field, kinds } = options;
  const expanded = expandHome(value.trim());
  const candidates = path.isAbsolute(expanded)
    ? [expanded]
    : [path.resolve(expanded), ...files.allowedInputDirs.map((dir) => path.resolve(dir, expanded))];
  const roots = (await Promise.all(files.allowedInputDirs.map(realpathOrUndefined))).filter(
    (dir): dir is string => dir !== undefined,
  );
  const maxBytes = Math.max(...kinds.map((kind) => MAX_INPUT_FILE_BYTES[kind]));
  const setting = 'TRIPOKIT_ALLOWED_INPUT_DIRS';
  let outside: string | undefined;
  for (const candidate of candidates) {
    let local: LocalFile;
    try {
      local = await readLocalFile(candidate, { maxBytes, roots });
    } catch (error) {
      if (!(error instanceof LocalFileError)) throw error;
      if (error.reason === 'missing') continue;
      if (error.reason === 'outside') {
        outside ??= error.realPath;
        continue;
      }
      throw localFileRefusal(error, value, field, maxBytes);
    }
    const kind = kindOf(local.data);
    const name = path.basename(local.path);
    if (kind === undefined || !kinds.includes(kind)) {
      const accepted = kinds.flatMap((k) => ACCEPTED_EXTENSIONS[k]).join(', ');
      throw new TripoError(
        'invalid_request',
        `${field}: ${name} is not ${describeKinds(kinds)}: its content is ${kind === undefined ? 'none of these' : `${describeKinds([kind])}`} (accepted: ${accepted}).`,
        { field, suggestion: `Convert it to one of ${accepted} first.` },
      );
    }
    if (local.data.byteLength > MAX_INPUT_FILE_BYTES[kind]) {
      throw tooLargeInput(field, name, local.data.byteLength, MAX_INPUT_FILE_BYTES[kind]);
    }
    return { path: local.path, bytes: local.data.byteLength, data: local.data, kind };
  }
  if (outside !== undefined) {
    throw fileAccess(
      `${field}: "${value}" is outside the folders local files may be read from.`,
      field,
      `Move or copy the file into one of: ${allowedList(files)}; or give a URL. The host sets these folders with ${setting}.`,
    );
  }
  throw fileAccess(
    `${field}: no file found at "${value}".`,
    field,
    `Check the path; local files are read from: ${allowedList(files)}. A URL or a file_token from upload_file also works.`,
  );
}

function tooLargeInput(field: string, name: string, size: number, maxBytes: number): TripoError {
  return new TripoError(
    'invalid_request',
    `${field}: ${name} is ${Math.ceil(size / 1048576)} MB, over the ${maxBytes / 1048576} MB limit.`,
    { field, suggestion: 'Use a smaller, non-empty file.' },
  );
}

function localFileRefusal(error: LocalFileError, value: string, field: string, maxBytes: number): TripoError {
  const name = path.basename(error.realPath ?? value);
  switch (error.reason) {
    case 'not_regular':
      return fileAccess(
        `${field}: "${value}" is not a regular file.`,
        field,
        'Give the path of a file, not a folder.',
      );
    case 'changed':
      return fileAccess(
        `${field}: "${value}" changed while it was being read (replaced, or a link swapped in); nothing was sent.`,
        field,
        'Make sure nothing rewrites the file, then try again.',
      );
    case 'too_large':
      return tooLargeInput(field, name, error.size ?? maxBytes + 1, maxBytes);
    case 'empty':
      return new TripoError('invalid_request', `${field}: ${name} is empty.`, {
        field,
        suggestion: 'Use a smaller, non-empty file.',
      });
    default:
      return fileAccess(`${field}: cannot read "${value}".`, field, 'Check that the file is readable.');
  }
}

/**
 * Uploads a local file read by {@link readAllowedInputFile}: its bytes as read, never the path again (images
 * with `client.uploadFile`, models with `client.uploadModel`: v3; on v2 that refuses with advice to give a URL).
 */
export async function uploadLocalFile(
  local: AllowedInputFile,
  context: ToolContext,
): Promise<{ file: FileObject; fileToken: string; type: string; bytes: number }> {
  const options = { signal: context.signal, filename: path.basename(local.path) };
  return local.kind === 'model'
    ? context.client.uploadModel(local.data, options)
    : context.client.uploadFile(local.data, options);
}

/**
 * Turns a tool's file parameter into what a task request takes: URLs and upload tokens pass through; a local
 * path is read with {@link readAllowedInputFile} and uploaded with {@link uploadLocalFile}.
 * `data:` URLs and other schemes are refused with `TripoError('invalid_request')`.
 */
export async function resolveFileReference(
  value: string,
  context: ToolContext,
  options: { kind: FileKind; field: string },
): Promise<FileInput> {
  const trimmed = value.trim();
  if (isHttpUrl(trimmed) || isFileToken(trimmed)) return trimmed;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[a-z]:[\\/]/i.test(trimmed)) {
    throw new TripoError(
      'invalid_request',
      `${options.field}: only http(s) URLs, file tokens and local paths are accepted (got a ${trimmed.split(':')[0]}: reference).`,
      {
        field: options.field,
        suggestion:
          'Save the data to a file inside an allowed folder and pass its path, or upload it with upload_file.',
      },
    );
  }
  const local = await readAllowedInputFile(trimmed, context.files, {
    kinds: [options.kind],
    field: options.field,
  });
  return (await uploadLocalFile(local, context)).file;
}

/** The four slots of {@link imageViewSlots} resolved with {@link resolveFileReference}; `null` stays `null`. */
export async function resolveViewSlots(
  slots: readonly (string | null)[],
  context: ToolContext,
  field: (index: number) => string,
): Promise<[FileInput | null, FileInput | null, FileInput | null, FileInput | null]> {
  const resolved = await Promise.all(
    slots.map((value, index) =>
      value === null ? null : resolveFileReference(value, context, { kind: 'image', field: field(index) }),
    ),
  );
  return [resolved[0] ?? null, resolved[1] ?? null, resolved[2] ?? null, resolved[3] ?? null];
}
