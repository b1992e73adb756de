import { z } from 'zod';
import { TripoError } from '../errors.js';
import type { ApiVersion } from './options.js';
import { decimal } from './raw-fields.js';
import type { MultiviewImages, Task, TaskOutput, TaskStatus } from './task.js';

// Lenient field readers: a wrong or missing field becomes `undefined`, never an exception.
const str = z.string().optional().catch(undefined);
const num = decimal.optional().catch(undefined);
const bool = z.boolean().optional().catch(undefined);
const strList = z.array(z.string()).optional().catch(undefined);

const RawMultiview = z
  .looseObject({
    front_view_url: str,
    left_view_url: str,
    back_view_url: str,
    right_view_url: str,
    front: str,
    left: str,
    back: str,
    right: str,
  })
  .optional()
  .catch(undefined);

const RawOutput = z
  .looseObject({
    model: str,
    model_url: str,
    base_model: str,
    base_model_url: str,
    pbr_model: str,
    pbr_model_url: str,
    rendered_image: str,
    rendered_image_url: str,
    generated_image: str,
    generated_image_url: str,
    generate_multiview_image: RawMultiview,
    multiview_images: RawMultiview,
    multiview_image_urls: strList,
    front_view_url: str,
    left_view_url: str,
    back_view_url: str,
    right_view_url: str,
    model_urls: strList,
    riggable: bool,
    rig_type: str,
    topology: str,
  })
  .optional()
  .catch(undefined);

/** A task as either dialect sends it; every field optional and forgiving. */
const RawTask = z.looseObject({
  task_id: str,
  id: str,
  type: str,
  status: str,
  progress: num,
  output: RawOutput,
  result: RawOutput,
  error_code: num,
  error_message: str,
  error_msg: str,
  running_left_time: num,
  queuing_num: num,
  consumed_credit: num,
  credits_consumed: num,
  create_time: num,
  created_at: z.union([z.string(), z.number()]).optional().catch(undefined),
});

const KNOWN_STATUSES: Readonly<Record<string, TaskStatus>> = {
  queued: 'queued',
  running: 'running',
  success: 'success',
  failed: 'failed',
  banned: 'banned',
  expired: 'expired',
  cancelled: 'cancelled',
  canceled: 'cancelled',
  unknown: 'unknown',
};

/** v3 names (route tails and their snake_case forms) back to Tripo's v2 task type names. */
const V3_TYPE_NAMES: Readonly<Record<string, string>> = {
  'text-to-model': 'text_to_model',
  'image-to-model': 'image_to_model',
  'multiview-to-model': 'multiview_to_model',
  'text-to-image': 'text_to_image',
  'image-to-image': 'generate_image',
  'image-to-multiview': 'generate_multiview_image',
  'edit-multiview': 'edit_multiview_image',
  texture: 'texture_model',
  convert: 'convert_model',
  import: 'import_model',
  stylize: 'stylize_model',
  refine: 'refine_model',
  segment: 'mesh_segmentation',
  complete: 'mesh_completion',
  decimate: 'highpoly_to_lowpoly',
  'rig-check': 'animate_prerigcheck',
  rig: 'animate_rig',
  retarget: 'animate_retarget',
};

/** Tripo's task type name for a type string from either dialect. */
export function normalizeTaskType(raw: string | undefined): string {
  if (!raw) return 'unknown';
  const tail = raw.trim().replace(/^\/+/, '').split('/').pop() ?? raw;
  const dashed = tail.replace(/_/g, '-').toLowerCase();
  return V3_TYPE_NAMES[dashed] ?? tail;
}

/** Latest instant a JavaScript `Date` can hold; a timestamp past it names no real time. */
const MAX_DATE_MS = 8.64e15;

function isoTime(seconds: number | undefined, iso: string | number | undefined): string | undefined {
  if (typeof iso === 'string' && iso.trim() !== '') {
    const t = Date.parse(iso);
    return Number.isFinite(t) ? new Date(t).toISOString() : iso;
  }
  const unix = typeof iso === 'number' ? iso : seconds;
  if (unix === undefined || !Number.isFinite(unix) || unix <= 0) return undefined;
  // Seconds in v2; tolerate milliseconds. A time no Date can hold (e.g. 1e20) is dropped, not thrown.
  const ms = unix > 1e12 ? unix : unix * 1000;
  return ms <= MAX_DATE_MS ? new Date(ms).toISOString() : undefined;
}

type RawOutputT = NonNullable<z.infer<typeof RawOutput>>;
type RawMultiviewT = NonNullable<z.infer<typeof RawMultiview>>;

/**
 * The four views, from whichever form the answer uses: v3's flat `output.front_view_url`… (documented), the
 * nested `output.generate_multiview_image` object (v2, and seen on v3), `multiview_images`, or a list.
 */
function multiview(out: RawOutputT): MultiviewImages | undefined {
  const obj: RawMultiviewT | undefined = out.generate_multiview_image ?? out.multiview_images;
  const list = out.multiview_image_urls;
  const views: MultiviewImages = {
    front: out.front_view_url ?? obj?.front_view_url ?? obj?.front ?? list?.[0],
    left: out.left_view_url ?? obj?.left_view_url ?? obj?.left ?? list?.[1],
    back: out.back_view_url ?? obj?.back_view_url ?? obj?.back ?? list?.[2],
    right: out.right_view_url ?? obj?.right_view_url ?? obj?.right ?? list?.[3],
  };
  const present = Object.entries(views).filter(([, v]) => typeof v === 'string' && v !== '');
  return present.length > 0 ? (Object.fromEntries(present) as MultiviewImages) : undefined;
}

function output(out: RawOutputT | undefined): TaskOutput {
  if (!out) return {};
  const pbrModel = out.pbr_model ?? out.pbr_model_url;
  const baseModel = out.base_model ?? out.base_model_url;
  // v3's model_url is the main model; v2 keeps model, pbr_model and base_model apart, and so do we.
  const model = out.model_url ?? out.model;
  const result: TaskOutput = {
    model,
    baseModel,
    pbrModel,
    renderedImage: out.rendered_image_url ?? out.rendered_image,
    generatedImage: out.generated_image_url ?? out.generated_image,
    multiviewImages: multiview(out),
    modelUrls: out.model_urls && out.model_urls.length > 0 ? out.model_urls : undefined,
    riggable: out.riggable,
    rigType: out.rig_type ?? out.topology,
  };
  for (const key of Object.keys(result) as (keyof TaskOutput)[]) {
    if (result[key] === undefined || result[key] === '') delete result[key];
  }
  return result;
}

/** The typed error for a task answer TripoKit cannot use: the read may be repeated. */
function malformedTask(what: string, requestedId: string | undefined, cause?: unknown): TripoError {
  const which = requestedId ? `task ${requestedId}` : 'a task';
  return new TripoError('server', `Tripo's answer for ${which} is malformed: ${what}.`, {
    taskId: requestedId,
    retryable: true,
    suggestion: requestedId
      ? `Read task ${requestedId} again in a moment (get_task_status or wait_for_task); the task itself is unaffected. Quote the task id to Tripo support if it persists.`
      : 'Read the task again in a moment; quote the task id to Tripo support if it persists.',
    cause,
  });
}

/**
 * Turns a task as either dialect sends it into the normalised {@link Task}. Lenient with extra, missing or
 * malformed fields: an unknown status becomes `unknown` (the raw string kept in `rawStatus`), an unusable field
 * is left out. On v3 a failure with code 2008 (content policy) is `banned`, for servers that report no `banned`
 * status; a failure with 2018 stays `failed`: the docs define 2018 as "model too complex to remesh", not as an
 * expiry.
 *
 * Throws only `TripoError('server')` (retryable), for an answer that is no task at all (not an object) or that
 * names another task than `requestedId`: following it would report one task's status as another's.
 */
export function normalizeTask(data: unknown, dialect: ApiVersion, requestedId?: string): Task {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw malformedTask(
      `expected a task object, got ${data === null ? 'null' : Array.isArray(data) ? 'a list' : typeof data}`,
      requestedId,
    );
  }
  try {
    return normalizeObject(data, dialect, requestedId);
  } catch (error) {
    if (error instanceof TripoError) throw error;
    // The readers above are lenient by design; this is the net under them, so no wait can die on a RangeError.
    throw malformedTask('a field could not be read', requestedId, error);
  }
}

function normalizeObject(data: object, dialect: ApiVersion, requestedId: string | undefined): Task {
  const parsed = RawTask.safeParse(data);
  const raw = parsed.success ? parsed.data : RawTask.parse({});
  const answeredId = raw.task_id || raw.id || undefined;
  if (requestedId !== undefined && answeredId !== undefined && answeredId !== requestedId) {
    throw malformedTask(
      `it describes another task (${JSON.stringify(answeredId.slice(0, 80))})`,
      requestedId,
    );
  }
  const rawStatus = raw.status ?? '';
  let status: TaskStatus = KNOWN_STATUSES[rawStatus.trim().toLowerCase()] ?? 'unknown';
  if (dialect === 'v3' && status === 'failed' && raw.error_code === 2008) status = 'banned';
  let progress = raw.progress ?? (status === 'success' ? 100 : 0);
  progress = Math.min(100, Math.max(0, Math.round(progress)));
  if (status === 'success') progress = 100;

  const task: Task = {
    taskId: answeredId ?? requestedId ?? '',
    type: normalizeTaskType(raw.type),
    status,
    rawStatus,
    progress,
    output: output(raw.output ?? raw.result),
  };
  if (raw.error_code !== undefined && raw.error_code !== 0) task.errorCode = raw.error_code;
  const errorMessage = raw.error_message ?? raw.error_msg;
  if (errorMessage) task.errorMessage = errorMessage;
  if (
    raw.running_left_time !== undefined &&
    raw.running_left_time >= 0 &&
    (status === 'running' || status === 'queued')
  ) {
    task.etaSeconds = raw.running_left_time;
  }
  if (raw.queuing_num !== undefined && raw.queuing_num >= 0 && status === 'queued')
    task.queuePosition = raw.queuing_num;
  const credits = raw.credits_consumed ?? raw.consumed_credit;
  if (credits !== undefined) task.creditsConsumed = credits;
  const createdAt = isoTime(raw.create_time, raw.created_at);
  if (createdAt) task.createdAt = createdAt;
  return task;
}
