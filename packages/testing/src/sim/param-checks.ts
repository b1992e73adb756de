import { ApiError, invalidParam } from './errors.js';
import { hasKeyword, REJECT_KEYWORD } from './outcomes.js';
import { MODEL_SOURCE_TYPES, type TaskType } from './task-types.js';
import type { TaskRecord } from './tasks.js';
import type { Dialect, FileRef, Params } from './types.js';
import type { Upload } from './uploads.js';

/** What validation may look up. */
export interface ValidationContext {
  dialect: Dialect;
  /** A task visible to the caller's key. */
  findTask(id: string): TaskRecord | undefined;
  /** Current status of a task. */
  statusOf(task: TaskRecord): string;
  findUpload(token: string): Upload | undefined;
}

const EMOJI = /\p{Extended_Pictographic}/u;

// Building blocks of parameter validation: each `opt*`/`check*` throws the API's error for a bad value and
// accepts an absent one.

/** A plain (non-array) object. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function optString(p: Params, k: string, max = Infinity): void {
  const v = p[k];
  if (v === undefined) return;
  if (typeof v !== 'string') throw invalidParam(k, 'must be a string');
  if (v.length > max) throw invalidParam(k, `must be at most ${max} characters`);
}
export function optBool(p: Params, ...keys: string[]): void {
  for (const k of keys)
    if (p[k] !== undefined && typeof p[k] !== 'boolean') throw invalidParam(k, 'must be a boolean');
}
export function optInt(p: Params, k: string, min = -Infinity, max = Infinity): void {
  const v = p[k];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidParam(k, 'must be an integer');
  if (v < min || v > max) throw invalidParam(k, `must be between ${min} and ${max}`);
}
export function optNumber(p: Params, k: string, min = -Infinity, max = Infinity): void {
  const v = p[k];
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidParam(k, 'must be a number');
  if (v < min || v > max) throw invalidParam(k, `must be between ${min} and ${max}`);
}
export function optEnum(p: Params, k: string, values: readonly string[]): void {
  const v = p[k];
  if (v === undefined) return;
  if (typeof v !== 'string' || !values.includes(v))
    throw invalidParam(k, `must be one of ${values.join(', ')}`);
}
export function optStrings(p: Params, k: string): void {
  const v = p[k];
  if (v === undefined) return;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
    throw invalidParam(k, 'must be an array of strings');
}

export function checkPrompt(p: Params, k: string, required: boolean, max = 1024): void {
  const v = p[k];
  if (v === undefined && !required) return;
  if (typeof v !== 'string' || v.trim() === '')
    throw invalidParam(k, 'is required and must be a non-empty string');
  if (v.length > max) throw invalidParam(k, `must be at most ${max} characters`);
  if (EMOJI.test(v)) throw new ApiError(2009, `\`${k}\` contains emoji or unsupported characters.`);
  if (hasKeyword(v, REJECT_KEYWORD)) throw new ApiError(2008);
}

export const isEmptySlot = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === '' ||
  (isObject(v) && Object.keys(v).filter((k) => k !== 'type').length === 0);

export function checkFile(
  name: string,
  value: unknown,
  ctx: ValidationContext,
  accept: { image?: boolean; model?: boolean } = { image: true },
): FileRef {
  if (!isObject(value)) throw invalidParam(name, 'must be a file object ({file_token} | {url} | {object})');
  const keys = ['file_token', 'url', 'object', 'task_id'].filter((k) => value[k] !== undefined);
  if (keys.length !== 1) throw invalidParam(name, 'must have exactly one of file_token, url, object');
  const type = typeof value.type === 'string' ? value.type : undefined;
  if (value.type !== undefined && typeof value.type !== 'string')
    throw invalidParam(`${name}.type`, 'must be a string');
  if (typeof value.file_token === 'string') {
    const upload = ctx.findUpload(value.file_token);
    if (!upload?.ready) throw new ApiError(2019, `No uploaded file for \`${name}.file_token\`.`);
    if ((upload.kind === 'image' && !accept.image) || (upload.kind === 'model' && !accept.model)) {
      throw new ApiError(2004, `\`${name}\` has the wrong kind of file.`);
    }
    return { kind: 'token', token: value.file_token, ...(type ? { type } : {}) };
  }
  if (typeof value.url === 'string') {
    if (!/^https?:\/\/[^\s]+$/i.test(value.url)) throw invalidParam(`${name}.url`, 'must be an http(s) URL');
    return { kind: 'url', url: value.url, ...(type ? { type } : {}) };
  }
  if (isObject(value.object)) {
    const { bucket, key } = value.object;
    if (typeof bucket !== 'string' || typeof key !== 'string' || !bucket || !key) {
      throw invalidParam(`${name}.object`, 'must be {bucket, key}');
    }
    return { kind: 'object', bucket, key, ...(type ? { type } : {}) };
  }
  if (typeof value.task_id === 'string') {
    const wanted: ReadonlySet<TaskType> = accept.image
      ? new Set(['text_to_image', 'generate_image'])
      : MODEL_SOURCE_TYPES;
    requireTask(name, value.task_id, wanted, ctx);
    return { kind: 'task', taskId: value.task_id };
  }
  throw invalidParam(name, 'must have exactly one of file_token, url, object');
}

export function requireTask(
  name: string,
  id: unknown,
  allowed: ReadonlySet<TaskType>,
  ctx: ValidationContext,
  codes: { wrongType?: number; notSuccess?: number } = {},
): TaskRecord {
  if (typeof id !== 'string' || id === '') throw invalidParam(name, 'is required and must be a task id');
  const task = ctx.findTask(id);
  if (!task) throw new ApiError(2001, `No task \`${id}\` for this API key.`);
  if (!allowed.has(task.type))
    throw new ApiError(codes.wrongType ?? 2006, `\`${name}\` is a ${task.type} task.`);
  if (ctx.statusOf(task) !== 'success') throw new ApiError(codes.notSuccess ?? 2007);
  return task;
}
