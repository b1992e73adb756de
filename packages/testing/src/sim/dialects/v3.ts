import { randomUUID } from 'node:crypto';
import { invalidParam } from '../errors.js';
import { checkStrictV3, checkV3Names } from '../strict-v3.js';
import { TASK_CATALOGUE, TASK_TYPES, type TaskType } from '../task-types.js';
import type { Params } from '../types.js';
import type { V3WireVariants } from '../variants.js';
import type { DialectAdapter, MatchedRoute, TaskView } from './dialect.js';
import { multiviewViews, sharedOutput } from './shared-output.js';

const ROUTE_TYPES: ReadonlyMap<string, TaskType> = new Map(
  TASK_TYPES.map((t) => [TASK_CATALOGUE[t].v3Route, t]),
);
const TASK_PATH = /^\/tasks\/([^/]+)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PREFIXED_TASK_ID = /^task_[A-Za-z0-9_-]+$/;

function match(method: string, path: string): MatchedRoute | undefined {
  if (method === 'POST') {
    const type = ROUTE_TYPES.get(path);
    if (type) return { op: 'create', kind: 'create', taskType: type };
    if (path === '/tasks/list') return { op: 'list', kind: 'list' };
    if (path === '/files') return { op: 'upload', kind: 'upload' };
    if (path === '/files/presign') return { op: 'presign', kind: 'upload' };
  }
  if (method === 'GET' && path === '/account/balance') return { op: 'balance', kind: 'balance' };
  const task = TASK_PATH.exec(path);
  if (method === 'GET' && task && task[1] !== 'list') {
    return { op: 'query', kind: 'query', taskId: decodeURIComponent(task[1]!) };
  }
  return undefined;
}

/** A v3 `input` string: a URL, a `file_…` token or the id of an earlier task (a UUID or `task_…`). */
function toFileObject(name: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (/^https?:\/\//i.test(value)) return { url: value };
  if (value.startsWith('file_')) return { file_token: value };
  if (UUID.test(value) || PREFIXED_TASK_ID.test(value)) return { task_id: value };
  throw invalidParam(name, 'must be a URL, a file_… token or a task id');
}

/** The id in a v3 `input` that names a source task (a string, or `{task_id}`). */
function toTaskId(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && 'task_id' in value) return value.task_id;
  return value;
}

const FILE_INPUT: ReadonlySet<TaskType> = new Set([
  'image_to_model',
  'generate_multiview_image',
  'import_model',
  'generate_image',
]);

/** Normalises a v3 body (`model`, `input`, `inputs`, `text_prompt`, …) to v2 parameter names. */
function normalise(type: TaskType, body: Record<string, unknown>): Params {
  const { model, input, inputs, input_task_id, text_prompt, image_prompt, style_image, ...rest } = body;
  const p: Params = { ...rest };
  if (model !== undefined && p.model_version === undefined) p.model_version = model;
  if (input_task_id !== undefined) p.original_task_id = input_task_id;
  if (input !== undefined) {
    if (FILE_INPUT.has(type)) p.file = toFileObject('input', input);
    else if (type === 'refine_model') p.draft_model_task_id = toTaskId(input);
    else if (type === 'edit_multiview_image' || type === 'multiview_to_model')
      p.original_task_id = toTaskId(input);
    else if (type !== 'text_to_model' && type !== 'text_to_image') p.original_model_task_id = toTaskId(input);
  }
  if (inputs !== undefined) {
    if (!Array.isArray(inputs)) throw invalidParam('inputs', 'must be an array');
    const single = inputs.length === 1 ? inputs[0] : undefined;
    if (
      type === 'multiview_to_model' &&
      typeof single === 'object' &&
      single !== null &&
      'task_id' in single
    ) {
      p.original_task_id = single.task_id;
    } else {
      p.files = inputs.map((f, i) => (f === null || f === '' ? {} : toFileObject(`inputs[${i}]`, f)));
    }
  }
  if (text_prompt !== undefined || image_prompt !== undefined || style_image !== undefined) {
    const tp: Record<string, unknown> =
      typeof p.texture_prompt === 'object' && p.texture_prompt !== null ? { ...p.texture_prompt } : {};
    if (text_prompt !== undefined) tp.text = text_prompt;
    if (image_prompt !== undefined) tp.image = toFileObject('image_prompt', image_prompt);
    if (style_image !== undefined) tp.style_image = toFileObject('style_image', style_image);
    p.texture_prompt = tp;
  }
  return p;
}

/** `failed-codes`: banned and expired end as `failed` with 2008 / 2018, as the migration notes describe. */
function failedCodes(status: string): { status: string; code?: number } {
  if (status === 'banned') return { status: 'failed', code: 2008 };
  if (status === 'expired') return { status: 'failed', code: 2018 };
  return { status };
}

/**
 * The v3 output object (§14): `model_url` (the best model), the other URLs, animations, the multiview views
 * (flat or nested, see {@link V3WireVariants.multiviewOutput}), then the shared fields.
 */
function output(view: TaskView, multiview: 'flat' | 'nested'): Record<string, unknown> {
  const l = view.links;
  const out: Record<string, unknown> = {};
  const main = l.pbr_model ?? l.model ?? l.base_model;
  if (main) out.model_url = main;
  if (l.pbr_model) out.pbr_model_url = l.pbr_model;
  if (l.base_model) out.base_model_url = l.base_model;
  if (l.rendered_image) out.rendered_image_url = l.rendered_image;
  if (l.generated_image) out.generated_image_url = l.generated_image;
  const animations = Object.entries(l)
    .filter(([slot]) => slot.startsWith('animation_'))
    .sort(([a], [b]) => Number(a.slice(10)) - Number(b.slice(10)))
    .map(([, url]) => url);
  if (animations.length > 0) out.model_urls = animations;
  const views = multiviewViews(view);
  if (views) Object.assign(out, multiview === 'flat' ? views : { generate_multiview_image: views });
  return { ...out, ...sharedOutput(view) };
}

/** What shapes a v3 dialect serves; see {@link V3WireVariants}. */
export interface V3DialectOptions {
  variants: Required<V3WireVariants>;
  /** Read creation bodies like the strictest sources (see `checkStrictV3`). */
  strict: boolean;
}

/** A v3 dialect: `/v3`, one route per capability, `{code, status, data}` envelopes, §14 task fields. */
export function createV3Dialect({ variants, strict }: V3DialectOptions): DialectAdapter {
  return {
    name: 'v3',
    prefix: '/v3',
    authCode: 2,
    tooLargeUploadCode: 2021,
    match,
    toCreate(route, body) {
      const type = route.taskType as TaskType;
      checkV3Names(type, body);
      if (strict) checkStrictV3(type, body);
      return { type, params: normalise(type, body) };
    },
    success: (data) => ({ code: 0, status: 'success', data }),
    error: (err, traceId) => ({
      code: err.code,
      status: 'error',
      message: err.message,
      suggestion: err.suggestion,
      request_id: traceId,
    }),
    task(view) {
      const s = view.state;
      const mapped = variants.terminalForm === 'failed-codes' ? failedCodes(s.status) : { status: s.status };
      const code = mapped.code ?? (s.status === 'expired' ? undefined : s.errorCode);
      return {
        task_id: view.taskId,
        type: view.type,
        status: mapped.status,
        progress: s.progress,
        input: view.params,
        output: output(view, variants.multiviewOutput),
        created_at: new Date(view.createdAt).toISOString(),
        ...(s.completedAt !== undefined ? { completed_at: new Date(s.completedAt).toISOString() } : {}),
        credits_consumed: view.creditsConsumed,
        running_left_time: s.secondsLeft ?? -1,
        queuing_num: s.queuePosition ?? -1,
        ...(code !== undefined ? { error_code: code, error_message: s.errorMessage ?? '' } : {}),
      };
    },
    uploaded: (token) => ({ file_token: token }),
    list: (tasks, missed) =>
      variants.taskList === 'map'
        ? { tasks: Object.fromEntries(tasks.map((t) => [t.task_id, t])), missed }
        : { tasks },
    newUploadToken: () => `file_${randomUUID()}`,
    newTaskId: () =>
      variants.taskIds === 'prefixed' ? `task_${randomUUID().replaceAll('-', '')}` : randomUUID(),
  };
}
