import path from 'node:path';
import type { TripoClient } from '../client/client.js';
import { TASK_STATUSES } from '../client/task.js';
import { cancelledError, TripoError, withTaskId } from '../errors.js';
import type { DownloadResult } from '../files/download.js';
import { invalidInputError } from '../invalid-input.js';
import { type Redactor, redactDeep } from '../redact.js';
import { clampText } from '../text.js';
import type { TaskStore } from './recent-tasks.js';
import type { ToolSettings } from './settings.js';
import { TripoToolCallError } from './tool-error.js';
import type { ToolContext, ToolDefinition, ToolProgressEvent, ToolResult } from './types.js';

/** What one tool call brings besides its input. */
export interface ToolCallOptions {
  /** Aborts this call (a Tripo task it started goes on, and the failure says how to pick it up). */
  signal?: AbortSignal;
  /**
   * Receives each progress event, in order and one at a time: when it returns a promise, the next event waits for
   * it to settle, and so does the result. A throwing or rejecting `onProgress` never fails the call.
   */
  onProgress?: (event: ToolProgressEvent) => unknown;
  /** More folders this call may read local input files from, e.g. the folders an MCP client shared (roots). */
  roots?: readonly string[];
}

/** A progress event of a running call: 0–100 and never going backwards, key masked. */
export type ToolCallProgress = { type: 'progress' } & ToolProgressEvent;

/** A call that succeeded: the text for the model (≤ 1 KB), the structured result, and the files it saved. */
export interface ToolCallSuccess<O = unknown> {
  type: 'result';
  isError: false;
  text: string;
  /** Matches the tool's output schema. */
  structured: O;
  /** The files this call saved, e.g. the model `generate_3d_model` downloaded. */
  files: readonly DownloadResult[];
}

/**
 * A call that failed, shaped for every adapter: `text` is what the model reads (`error.text`); a call whose task
 * ended without success (code `task_failed`) still has the task's status as `structured` (the output schema).
 */
export interface ToolCallFailure<O = unknown> {
  type: 'result';
  isError: true;
  text: string;
  structured?: O;
  error: TripoToolCallError;
  files: readonly DownloadResult[];
}

/** The last item of a call: exactly one, success or failure. */
export type ToolCallResult<O = unknown> = ToolCallSuccess<O> | ToolCallFailure<O>;

/** What `kit.call` yields: progress events, then one result. */
export type ToolCallItem<O = unknown> = ToolCallProgress | ToolCallResult<O>;

/** What a call needs from its toolkit. */
export interface CallHost {
  readonly client: TripoClient;
  readonly redact: Redactor;
  readonly settings: ToolSettings;
  readonly recentTasks: TaskStore;
}

const MAX_PROGRESS_MESSAGE = 300;
const OUTCOMES: ReadonlySet<string> = new Set(TASK_STATUSES);

/** The tool's input parsed by its schema, or the `invalid_request` error naming what is wrong. */
export function parseInput(
  definition: ToolDefinition,
  rawInput: unknown,
): { input: unknown } | { error: TripoError } {
  const parsed = definition.input.safeParse(rawInput ?? {});
  if (parsed.success) return { input: parsed.data };
  const shape = (definition.input as { shape?: Record<string, unknown> }).shape;
  const allowed = shape ? Object.keys(shape) : [];
  return {
    error: invalidInputError(parsed.error, rawInput, { kind: 'tool', name: definition.name, allowed }),
  };
}

/**
 * Runs one call to its end: progress to `options.onProgress` (in order, one delivery at a time; see
 * {@link ToolCallOptions}) and to `tap` (at once), then the result, after the last delivery settled. Never rejects.
 */
export async function settleCall<O>(
  host: CallHost,
  definition: ToolDefinition,
  rawInput: unknown,
  options: ToolCallOptions,
  tap?: (event: ToolProgressEvent) => void,
): Promise<ToolCallResult<O>> {
  const deliver = options.onProgress;
  let delivered: Promise<unknown> = Promise.resolve();
  const onProgress = (event: ToolProgressEvent): void => {
    tap?.(event);
    if (deliver) delivered = delivered.then(() => deliver(event)).catch(() => undefined);
  };
  const signal = options.signal ?? new AbortController().signal;
  const result = await run<O>(host, definition, rawInput, { ...options, signal, onProgress }).catch(
    (error: unknown): ToolCallResult<O> => {
      const shaped = new TripoToolCallError(error, { redact: host.redact });
      return { type: 'result', isError: true, text: shaped.text, error: shaped, files: [] };
    },
  );
  await delivered;
  return result;
}

/**
 * Runs one call: progress events as they come, then the result. Stopping early (`break`, `return`) aborts the
 * call; the Tripo task goes on, its id was in the first progress event.
 */
export async function* callTool<O>(
  host: CallHost,
  definition: ToolDefinition,
  rawInput: unknown,
  options: ToolCallOptions = {},
): AsyncGenerator<ToolCallItem<O>, void, undefined> {
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const queue: ToolCallItem<O>[] = [];
  let wake: (() => void) | undefined;
  const push = (item: ToolCallItem<O>): void => {
    queue.push(item);
    wake?.();
  };
  let settled = false;
  const tap = (event: ToolProgressEvent): void => push({ type: 'progress', ...event });
  void settleCall<O>(host, definition, rawInput, { ...options, signal }, tap).then((result) => {
    settled = true;
    push(result);
  });
  try {
    for (;;) {
      const item = queue.shift();
      if (item !== undefined) {
        yield item;
        if (item.type === 'result') return;
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
  } finally {
    if (!settled) stop.abort(new DOMException('The caller stopped reading the tool call.', 'AbortError'));
  }
}

type RunOptions = ToolCallOptions & { signal: AbortSignal; onProgress: (event: ToolProgressEvent) => void };

async function run<O>(
  host: CallHost,
  definition: ToolDefinition,
  rawInput: unknown,
  options: RunOptions,
): Promise<ToolCallResult<O>> {
  const { signal } = options;
  const progress = monotonicProgress(options.onProgress, host.redact);
  // The first event of a task-starting tool names its task: from then on no failure may lose that id.
  let taskId: string | undefined;
  const fail = (error: unknown, structured?: unknown): ToolCallFailure<O> => {
    const result = structured as Record<string, unknown> | undefined;
    const shaped = new TripoToolCallError(error, { redact: host.redact, ...(result ? { result } : {}) });
    const withStatus = structured === undefined ? {} : { structured: shaped.result as O };
    return { type: 'result', isError: true, text: shaped.text, ...withStatus, error: shaped, files: [] };
  };
  try {
    const parsed = parseInput(definition, rawInput);
    if ('error' in parsed) return fail(parsed.error);
    if (signal.aborted) throw signal.reason;
    const context = toolContext(host, options, (event) => {
      taskId ??= event.taskId;
      progress.emit(event);
    });
    const result = checked(definition, await definition.execute(parsed.input, context));
    const safe = {
      text: clampText(host.redact(result.text)),
      structured: redactDeep(result.structured, host.redact) as O,
      files: redactDeep(result.files ?? [], host.redact),
    };
    const failed = taskFailure(safe.structured);
    if (failed) return fail(failed, safe.structured);
    return { type: 'result', isError: false, ...safe };
  } catch (error) {
    return fail(callError(error, definition, signal, taskId));
  } finally {
    progress.close();
  }
}

function toolContext(
  host: CallHost,
  options: RunOptions,
  onProgress: ToolContext['onProgress'],
): ToolContext {
  const { files, waitSeconds } = host.settings;
  const roots = (options.roots ?? []).map((dir) => path.resolve(dir));
  return {
    get client() {
      return host.client;
    },
    signal: options.signal,
    onProgress,
    files: {
      outputDir: files.outputDir,
      allowedInputDirs: [...new Set([...files.allowedInputDirs, ...roots])],
    },
    waitSeconds,
    recentTasks: host.recentTasks,
  };
}

/**
 * A progress sink that passes events on in order with progress that never goes backwards (clamped to 0–100),
 * masks secrets, and goes quiet once closed. A throwing sink never fails the tool.
 */
function monotonicProgress(sink: (event: ToolProgressEvent) => void, redact: Redactor) {
  let last = 0;
  let closed = false;
  return {
    emit(event: ToolProgressEvent): void {
      if (closed) return;
      const raw = Number.isFinite(event.progress) ? event.progress : last;
      last = Math.max(last, Math.min(100, Math.max(0, Math.round(raw * 10) / 10)));
      try {
        const message = clampText(redact(event.message), MAX_PROGRESS_MESSAGE);
        sink({ ...redactDeep(event, redact), progress: last, message });
      } catch {
        // A host's broken progress channel must not fail a tool that spent credits.
      }
    },
    close(): void {
      closed = true;
    },
  };
}

function taskIdOf(structured: unknown): string | undefined {
  const id = (structured as { task_id?: unknown } | null | undefined)?.task_id;
  return typeof id === 'string' ? id : undefined;
}

/** The tool's result, checked against its output schema: a mismatch is a TripoKit bug, reported with the task id. */
function checked(definition: ToolDefinition, result: ToolResult<unknown>): ToolResult<unknown> {
  const parsed = definition.output.safeParse(result.structured);
  if (parsed.success) return { ...result, structured: parsed.data };
  const taskId = taskIdOf(result.structured);
  const issue = parsed.error.issues[0];
  const where = `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`;
  throw new TripoError(
    'server',
    `TripoKit built a result for ${definition.name} that does not match its output schema (${where}).${taskId ? ` Task ${taskId} is unaffected.` : ''}`,
    {
      taskId,
      suggestion: taskId
        ? `Call get_task_status with task_id ${taskId}. Please report this TripoKit bug.`
        : 'Please report this TripoKit bug.',
    },
  );
}

/**
 * The failure of a result whose task ended without success (final, any outcome but `success`): code
 * `task_failed`, the status's message naming the task, its `next_step` as the advice. `undefined` for a task
 * still going, one that succeeded, or a result that is no task status.
 */
function taskFailure(structured: unknown): TripoError | undefined {
  const status = structured as Partial<Record<string, unknown>> | null;
  if (typeof status !== 'object' || status === null) return undefined;
  const { task_id, task_type, terminal, outcome } = status;
  if (typeof task_id !== 'string' || terminal !== true || !OUTCOMES.has(outcome as string)) return undefined;
  if (outcome === 'success') return undefined;
  const type = typeof task_type === 'string' ? ` (${task_type})` : '';
  return new TripoError('task_failed', `Task ${task_id}${type}: ${status.status}. ${status.message}`, {
    taskId: task_id,
    suggestion: status.next_step as string,
    retryable: status.retryable === true,
    ...(typeof status.error_code === 'number' ? { apiCode: status.error_code } : {}),
  });
}

function isAbort(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/**
 * What a thrown error becomes: a cancellation is said once, here, with whether a task goes on and how to pick
 * it up (a `TripoError` keeps its own code: an `outcome_unknown` create must stay one); any other failure after
 * a task was started names that task.
 */
function callError(
  error: unknown,
  definition: ToolDefinition,
  signal: AbortSignal,
  started?: string,
): unknown {
  const taskId = started ?? (error instanceof TripoError ? error.taskId : undefined);
  const cancelled = error instanceof TripoError ? error.code === 'aborted' : signal.aborted || isAbort(error);
  if (!cancelled) {
    const advice = `Task ${taskId} may still be running at Tripo: call get_task_status with its id.`;
    return taskId === undefined ? error : withTaskId(error, taskId, advice);
  }
  const call = `The ${definition.name} call was cancelled.`;
  if (taskId === undefined) {
    return cancelledError(call, {
      cause: error,
      suggestion: 'Any task already started goes on at Tripo; list_recent_tasks shows its id.',
    });
  }
  return cancelledError(
    `${call} Task ${taskId} goes on at Tripo; call wait_for_task with task_id ${taskId} (then download_model).`,
    {
      cause: error,
      taskId,
      // Calling a tool that started the task again would start (and pay for) another one.
      retryable: definition.annotations.idempotent,
      suggestion: 'Cancelling stopped this call only, not the task; list_recent_tasks also has its id.',
    },
  );
}
