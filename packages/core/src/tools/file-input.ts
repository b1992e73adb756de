import { realpath, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { type FileInput, type FileObject, isFileToken, isHttpUrl } from '../client/requests/index.js';
import { TripoError } from '../errors.js';
import { isPathInside } from '../files/inside.js';
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

/** A tool parameter naming an image: URL, upload token or local path. */
export const ImageReference = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .describe(
    'An image (JPEG, PNG or WEBP): an http(s) URL, a file_token from upload_file, or the path of a local file inside the allowed input folders (it is uploaded for you).',
  );

/** Four image slots in Tripo's view order [front, left, back, right]; `null` skips a view. */
export function imageViewSlots(description: string) {
  return z.array(ImageReference.nullable()).length(4).describe(description);
}

/** A tool parameter naming a 3D model file: URL, upload token or local path. */
export const ModelFileReference = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .describe(
    'A 3D model file (GLB, OBJ, FBX or STL, under 150 MB): an http(s) URL, a file_token from upload_file, or the path of a local file inside the allowed input folders (it is uploaded for you; needs the v3 API).',
  );

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

/**
 * Resolves a local path for reading: follows symbolic links (realpath) and accepts it only when the real file
 * lies inside one of `files.allowedInputDirs` (also real-pathed). A relative path is tried against the working
 * directory, then against each allowed folder. Checks the extension and size for `kind`.
 * Throws `TripoError('file_access')` otherwise; nothing is read.
 */
export async function resolveAllowedInputFile(
  value: string,
  files: ToolFileSettings,
  options: { kind: FileKind; field: string },
): Promise<{ path: string; bytes: number }> {
  const { field, kind } = options;
  const expanded = expandHome(value.trim());
  const candidates = path.isAbsolute(expanded)
    ? [expanded]
    : [path.resolve(expanded), ...files.allowedInputDirs.map((dir) => path.resolve(dir, expanded))];
  const allowedReal = (await Promise.all(files.allowedInputDirs.map(realpathOrUndefined))).filter(
    (dir): dir is string => dir !== undefined,
  );
  const setting = 'TRIPOKIT_ALLOWED_INPUT_DIRS';
  let outside: string | undefined;
  for (const candidate of candidates) {
    const real = await realpathOrUndefined(candidate);
    if (real === undefined) continue;
    if (!allowedReal.some((dir) => isPathInside(dir, real))) {
      outside ??= real;
      continue;
    }
    const info = await stat(real);
    if (!info.isFile()) {
      throw fileAccess(
        `${field}: "${value}" is not a regular file.`,
        field,
        'Give the path of a file, not a folder.',
      );
    }
    const ext = path.extname(real).toLowerCase();
    if (!ACCEPTED_EXTENSIONS[kind].includes(ext)) {
      throw new TripoError(
        'invalid_request',
        `${field}: ${path.basename(real)} is not a supported ${kind} file (accepted: ${ACCEPTED_EXTENSIONS[kind].join(', ')}).`,
        { field, suggestion: `Convert it to one of ${ACCEPTED_EXTENSIONS[kind].join(', ')} first.` },
      );
    }
    if (info.size === 0 || info.size > MAX_INPUT_FILE_BYTES[kind]) {
      throw new TripoError(
        'invalid_request',
        `${field}: ${path.basename(real)} is ${info.size === 0 ? 'empty' : `${Math.ceil(info.size / 1048576)} MB, over the ${MAX_INPUT_FILE_BYTES[kind] / 1048576} MB limit`}.`,
        { field, suggestion: 'Use a smaller, non-empty file.' },
      );
    }
    return { path: real, bytes: info.size };
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

/**
 * Uploads a local file already checked by {@link resolveAllowedInputFile}: images with `client.uploadFile`,
 * models with `client.uploadModel` (v3; on v2 that refuses with advice to give a URL).
 */
export async function uploadLocalFile(
  local: { path: string },
  context: ToolContext,
  kind: FileKind,
): Promise<{ file: FileObject; fileToken: string; type: string; bytes: number }> {
  const options = { signal: context.signal };
  return kind === 'model'
    ? context.client.uploadModel(local.path, options)
    : context.client.uploadFile(local.path, options);
}

/**
 * Turns a tool's file parameter into what a task request takes: URLs and upload tokens pass through; a local
 * path is checked with {@link resolveAllowedInputFile} and uploaded with {@link uploadLocalFile}.
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
  const local = await resolveAllowedInputFile(trimmed, context.files, options);
  return (await uploadLocalFile(local, context, options.kind)).file;
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
