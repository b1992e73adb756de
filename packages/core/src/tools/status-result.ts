import { z } from 'zod';
import { TASK_STATUSES, type Task } from '../client/task.js';
import { FAILURE_CAUSES } from '../status/causes.js';
import { type InterpretOptions, interpretTask, type TaskInterpretation } from '../status/interpret.js';
import { formatDuration } from '../status/progress.js';
import { taskTypeInfo } from '../task-types.js';
import { joinSentences } from '../text.js';
import { detail } from './json-schema.js';
import { rememberTask } from './recent-tasks.js';
import type { ToolContext, ToolProgressEvent, ToolResult } from './types.js';

const url = z.string().describe('Expires soon: save it with download_model.').meta({ id: 'tripo_link' });

/**
 * The fields every status-returning tool (`get_task_status`, `wait_for_task`, `generate_3d_model`) shares:
 * the seed contract (`task_id`, `status`, `progress`, `message`, `next_step`, the four URLs, …) plus the
 * interpretation. Extend it for tool-specific fields. Fields marked {@link detail} are in every result but not
 * in the advertised schema: an agent reads the rest (what it acts on: id, status, progress, message, next
 * step, the model link, whether retrying may help).
 */
export const taskStatusShape = {
  task_id: z.string(),
  task_type: detail(z.string().optional()),
  status: z.string(),
  // Tripo's status in Tripo's own words is what an agent reads; the normalised one equals it unless Tripo
  // sent something new (then `message` and `next_step` say what it means).
  outcome: detail(z.enum(TASK_STATUSES)),
  terminal: z.boolean(),
  progress: z.number().min(0).max(100),
  message: z.string(),
  next_step: z.string(),
  wait_message: detail(z.string().optional()),
  warning: detail(z.string().optional()),
  // The best model's link (PBR, else plain, else base); the other links are details, download_model picks.
  model_url: url.optional(),
  pbr_model_url: detail(url.optional()),
  base_model_url: detail(url.optional()),
  rendered_image_url: detail(url.optional()),
  generated_image_url: detail(url.optional()),
  multiview_image_urls: detail(
    z
      .object({ front: url.optional(), left: url.optional(), back: url.optional(), right: url.optional() })
      .optional(),
  ),
  model_urls: detail(z.array(url).optional()),
  riggable: z.boolean().optional(),
  rig_type: detail(z.string().optional()),
  error_code: detail(z.number().optional()),
  error_message: detail(z.string().optional()),
  failure_cause: detail(z.enum(FAILURE_CAUSES).optional()),
  retryable: z.boolean().describe('Starting it again may succeed.'),
  eta_seconds: detail(z.number().optional()),
  queue_position: detail(z.number().optional()),
  credits_consumed: detail(z.number().optional()),
  waited_seconds: detail(z.number().optional()),
};

/** The result of `get_task_status`: the shared status fields. */
export const taskStatusOutput = z.object(taskStatusShape);
export type TaskStatusOutput = z.infer<typeof taskStatusOutput>;

/** How a status result is built. */
export interface StatusResultOptions {
  /** Passed to `interpretTask` (time an `unknown` status has been seen). */
  interpret?: InterpretOptions;
  /** Seconds this call waited, when it waited. */
  waitedSeconds?: number;
  /** The tool reporting, recorded in the recent-task store. */
  tool?: string;
  /** A caveat to add to the result's `warning`, e.g. that the status is not a fresh one. */
  warning?: string;
}

function hasDownloadable(task: Task): boolean {
  const out = task.output;
  return Boolean(
    out.model ||
      out.pbrModel ||
      out.baseModel ||
      out.generatedImage ||
      out.renderedImage ||
      (out.modelUrls && out.modelUrls.length > 0) ||
      (out.multiviewImages && Object.values(out.multiviewImages).some(Boolean)),
  );
}

function outputFields(task: Task): Partial<TaskStatusOutput> {
  const out = task.output;
  const views = out.multiviewImages
    ? Object.fromEntries(Object.entries(out.multiviewImages).filter(([, value]) => typeof value === 'string'))
    : {};
  return {
    ...((out.model ?? out.pbrModel ?? out.baseModel)
      ? { model_url: out.model ?? out.pbrModel ?? out.baseModel }
      : {}),
    ...(out.pbrModel ? { pbr_model_url: out.pbrModel } : {}),
    ...(out.baseModel ? { base_model_url: out.baseModel } : {}),
    ...(out.renderedImage ? { rendered_image_url: out.renderedImage } : {}),
    ...(out.generatedImage ? { generated_image_url: out.generatedImage } : {}),
    ...(Object.keys(views).length > 0 ? { multiview_image_urls: views } : {}),
    ...(out.modelUrls && out.modelUrls.length > 0 ? { model_urls: [...out.modelUrls] } : {}),
    ...(out.riggable !== undefined ? { riggable: out.riggable } : {}),
    ...(out.rigType ? { rig_type: out.rigType } : {}),
  };
}

/** The tool-specific half of `next_step`: which tool to call with which id. */
function toolAdvice(task: Task, interpretation: TaskInterpretation): string | undefined {
  const id = task.taskId;
  if (!interpretation.terminal) {
    return `Call wait_for_task with task_id ${id} to wait with live progress, or get_task_status later.`;
  }
  if (interpretation.outcome === 'success') {
    if (task.type === 'animate_prerigcheck') {
      return task.output.riggable === false
        ? undefined
        : `Call rig_model with original_model_task_id set to the checked model's task id${task.output.rigType ? ` and rig_type ${task.output.rigType}` : ''}.`;
    }
    if (hasDownloadable(task)) return `Call download_model with task_id ${id} to save it locally.`;
    return `Call get_task_status with task_id ${id} again shortly.`;
  }
  if (interpretation.outcome === 'unknown')
    return 'Call list_recent_tasks to see every task this session started.';
  return undefined;
}

/**
 * "Still running (45%) after 45 s; task … goes on at Tripo.": how every tool whose wait ran out says so, before
 * its own next step. Without `waitedSeconds` (nobody waited) only "Still running (45%).".
 */
export function stillGoing(
  status: Pick<TaskStatusOutput, 'task_id' | 'status' | 'progress'>,
  waitedSeconds?: number,
): string {
  const head = `Still ${status.status} (${status.progress}%)`;
  if (waitedSeconds === undefined) return `${head}.`;
  return `${head} after ${formatDuration(waitedSeconds)}; task ${status.task_id} goes on at Tripo.`;
}

function waitMessage(
  status: Pick<TaskStatusOutput, 'task_id' | 'status' | 'progress'>,
  interpretation: TaskInterpretation,
  options: StatusResultOptions,
): string {
  const eta =
    interpretation.etaSeconds === undefined
      ? undefined
      : `Tripo expects about ${formatDuration(interpretation.etaSeconds)} more`;
  const next =
    options.waitedSeconds === undefined
      ? `Call wait_for_task with task_id ${status.task_id} to wait for it with live progress`
      : `Call wait_for_task again with task_id ${status.task_id} to keep waiting`;
  return joinSentences([stillGoing(status, options.waitedSeconds), eta, next]);
}

function pbrWarning(task: Task, interpretation: TaskInterpretation): string | undefined {
  if (interpretation.outcome !== 'success' || !taskTypeInfo(task.type).pbr) return undefined;
  if (task.output.pbrModel || !(task.output.model || task.output.baseModel)) return undefined;
  return 'No PBR model in this result (PBR was off or Tripo did not produce one); model_url is the plain textured or base model.';
}

/** Lowercase status as the API sent it; the normalised one when the API sent nothing. */
export function apiStatus(task: Task): string {
  const raw = task.rawStatus.trim().toLowerCase();
  return raw === '' ? task.status : raw;
}

/**
 * The structured status of a task, in the words of `interpretTask`, plus tool-specific next steps. Every
 * status-returning tool builds its result through here, so an agent reads the same words everywhere.
 */
export function buildTaskStatus(task: Task, options: StatusResultOptions = {}): TaskStatusOutput {
  const interpretation = interpretTask(task, options.interpret);
  const advice = toolAdvice(task, interpretation);
  const warning = joinSentences([options.warning, pbrWarning(task, interpretation)], 600);
  const seen = {
    task_id: task.taskId,
    status: apiStatus(task),
    progress: Math.round(interpretation.progress),
  };
  return {
    ...seen,
    ...(task.type ? { task_type: task.type } : {}),
    outcome: interpretation.outcome,
    terminal: interpretation.terminal,
    message: interpretation.message,
    next_step: joinSentences([interpretation.nextStep, advice], 600),
    ...(interpretation.terminal ? {} : { wait_message: waitMessage(seen, interpretation, options) }),
    ...(warning ? { warning } : {}),
    ...(interpretation.outcome === 'success' ? outputFields(task) : {}),
    ...(task.errorCode !== undefined ? { error_code: task.errorCode } : {}),
    ...(task.errorMessage ? { error_message: task.errorMessage } : {}),
    ...(interpretation.cause ? { failure_cause: interpretation.cause } : {}),
    retryable: interpretation.retryable,
    ...(interpretation.etaSeconds !== undefined ? { eta_seconds: interpretation.etaSeconds } : {}),
    ...(task.queuePosition !== undefined && task.queuePosition >= 0
      ? { queue_position: task.queuePosition }
      : {}),
    ...(task.creditsConsumed !== undefined ? { credits_consumed: task.creditsConsumed } : {}),
    ...(options.waitedSeconds !== undefined
      ? { waited_seconds: Math.round(options.waitedSeconds * 10) / 10 }
      : {}),
  };
}

/**
 * The short text for the model that goes with a {@link TaskStatusOutput}: a head line, what it means, then the
 * wait message or next step. A caller's `lead` replaces the head line and the wait message (it says how to go on).
 */
export function statusText(status: TaskStatusOutput, lead?: string): string {
  const head =
    lead ?? `Task ${status.task_id}${status.task_type ? ` (${status.task_type})` : ''}: ${status.status}.`;
  const link =
    status.outcome === 'success' && status.model_url && status.model_url.length < 300
      ? `Model link (expires soon): ${status.model_url}`
      : undefined;
  return joinSentences([
    head,
    status.message,
    lead === undefined ? (status.wait_message ?? status.next_step) : undefined,
    status.warning,
    link,
  ]);
}

/**
 * Builds a status result and records the task in the recent-task store of `context`: the one builder behind
 * `get_task_status`, `wait_for_task` and `generate_3d_model`.
 */
export async function taskStatusResult(
  task: Task,
  context: Pick<ToolContext, 'recentTasks'>,
  options: StatusResultOptions = {},
): Promise<ToolResult<TaskStatusOutput>> {
  const structured = buildTaskStatus(task, options);
  await recordStatus(context, structured, options.tool);
  return { text: statusText(structured), structured };
}

/** Updates the recent-task store from a status result. */
export async function recordStatus(
  context: Pick<ToolContext, 'recentTasks'>,
  status: TaskStatusOutput,
  tool?: string,
): Promise<void> {
  await rememberTask(context.recentTasks, {
    taskId: status.task_id,
    type: status.task_type,
    status: status.status,
    outcome: status.outcome,
    progress: status.progress,
    ...(tool ? { tool } : {}),
  });
}

/** A progress event for a task snapshot, in the interpretation's words. */
export function taskProgressEvent(task: Task, interpretation: TaskInterpretation): ToolProgressEvent {
  return {
    taskId: task.taskId,
    status: apiStatus(task),
    progress: interpretation.progress,
    message: interpretation.message,
    ...(interpretation.etaSeconds !== undefined ? { etaSeconds: interpretation.etaSeconds } : {}),
    ...(task.queuePosition !== undefined && task.queuePosition > 0
      ? { queuePosition: task.queuePosition }
      : {}),
  };
}
