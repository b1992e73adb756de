import { basename, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { TripoError } from '../errors.js';

const MAX_STEM_LENGTH = 150;

/** Keeps letters, digits, `.`, `_` and `-`; no leading dots, so never hidden and never `..`. */
export function sanitizeFileStem(stem: string): string {
  const safe = stem
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, MAX_STEM_LENGTH);
  return safe === '' ? 'file' : safe;
}

function refuse(name: string, taskId: string): TripoError {
  return new TripoError('file_access', `Refusing to write "${name}": the name must stay inside the folder.`, {
    taskId,
    field: 'filename',
    suggestion: 'Pass a plain file name without folders, such as "robot.glb".',
  });
}

/**
 * The file name for a download: `<taskId>_<output><ext>` (sanitised), or the caller's own `filename`,
 * which must be a plain name (no folders, not `.`/`..`); it gets `ext` when it has no extension.
 */
export function downloadFileName(input: {
  taskId: string;
  output: string;
  ext: string;
  filename?: string;
}): string {
  if (input.filename === undefined)
    return `${sanitizeFileStem(`${input.taskId}_${input.output}`)}${input.ext}`;
  const name = input.filename;
  const plain =
    name.trim() !== '' &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\\0]/.test(name) &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters make unusable names
    !/[\u0000-\u001f]/.test(name) &&
    basename(name) === name;
  if (!plain) throw refuse(name, input.taskId);
  return extname(name) === '' ? `${name}${input.ext}` : name;
}

/** The absolute path of `name` inside `dir`; refuses anything that would land elsewhere. */
export function resolveInside(dir: string, name: string, taskId: string): string {
  const root = resolve(dir);
  const target = resolve(root, name);
  const rel = relative(root, target);
  if (rel === '' || rel === '..' || isAbsolute(rel) || rel.includes(sep)) throw refuse(name, taskId);
  return target;
}
