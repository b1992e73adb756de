import { z } from 'zod';
import { TripoError, type TripoErrorCode } from '../errors.js';
import { createRedactor, type Redactor, redactDeep, redactError } from '../redact.js';
import {
  createToolContext,
  deriveToolContext,
  redactorOf,
  type ToolCallOptions,
  type ToolContextOptions,
  type ToolRuntime,
} from './context.js';
import { withTaskId } from './task-started.js';
import { asClause, asSentence, clampText, joinSentences } from './text.js';
import type { ToolContext, ToolDefinition, ToolProgressEvent, ToolResult } from './types.js';

/** How {@link runTool} gets its context: a ready one, or host options to build one from. */
export interface RunToolOptions extends ToolCallOptions {
  /** A context from `createToolContext`. Its signal and sink are combined with `signal`/`onProgress` here. */
  context?: ToolContext;
  /** Host options (or a runtime) to build the context from when `context` is not given. */
  config?: ToolContextOptions | ToolRuntime;
}

/** The validated result type of a tool definition. */
export type ToolResultOf<D extends ToolDefinition> = ToolResult<z.output<D['output']>>;

const MAX_PROGRESS_MESSAGE = 300;

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): { field: string; text: string } {
  let field = formatPath(issue.path);
  let text = issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      let value: unknown = input;
      for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
      if (value === undefined) text = `is required (expected ${issue.expected})`;
      break;
    }
    case 'invalid_value':
      text = `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'unrecognized_keys':
      field = formatPath([...issue.path, issue.keys[0] ?? '']);
      text = `is not a parameter of this tool (unknown: ${issue.keys.join(', ')})`;
      break;
    case 'invalid_union': {
      if (issue.message !== 'Invalid input') break;
      // One branch usually names the real problem; surface the first of its issues.
      const inner = issue.errors.flat()[0];
      if (inner) {
        const nested = describeIssue(
          { ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue,
          input,
        );
        return nested;
      }
      break;
    }
    default:
      break;
  }
  return { field: field === '' ? '(input)' : field, text };
}

/**
 * Turns a failed zod parse of a tool's input into `TripoError('invalid_request')` whose message names each
 * offending field and, for enums, the allowed values.
 */
export function invalidInputError(toolName: string, error: z.ZodError, input: unknown): TripoError {
  const described = error.issues.map((issue) => describeIssue(issue, input));
  const first = described[0] ?? { field: '(input)', text: 'is invalid' };
  const list = described
    .slice(0, 5)
    .map(({ field, text }) => asClause(text.startsWith(field) ? text : `${field}: ${text}`))
    .join('; ');
  return new TripoError(
    'invalid_request',
    clampText(asSentence(`Invalid input for ${toolName}: ${list}`), 800),
    {
      field: first.field,
      suggestion: `Fix ${first.field} and call ${toolName} again; nothing was sent to Tripo.`,
      retryable: false,
    },
  );
}

function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    ((error as { name: unknown }).name === 'AbortError' ||
      (error as { name: unknown }).name === 'TimeoutError')
  );
}

/**
 * Makes a progress sink that passes events on in order with progress that never goes backwards (clamped to
 * 0–100), masks secrets, and goes quiet once `close()` is called. A throwing sink never fails the tool.
 */
export function monotonicProgress(
  sink: (event: ToolProgressEvent) => void,
  redact: Redactor = createRedactor(),
): { emit: (event: ToolProgressEvent) => void; close: () => void } {
  let last = 0;
  let closed = false;
  return {
    emit(event) {
      if (closed) return;
      const raw = Number.isFinite(event.progress) ? event.progress : last;
      const progress = Math.max(last, Math.min(100, Math.max(0, Math.round(raw * 10) / 10)));
      last = progress;
      const forwarded: ToolProgressEvent = {
        ...redactDeep(event, redact),
        progress,
        message: clampText(redact(event.message), MAX_PROGRESS_MESSAGE),
      };
      try {
        sink(forwarded);
      } catch {
        // A host's broken progress channel must not fail a tool that spent credits.
      }
    },
    close() {
      closed = true;
    },
  };
}

function taskIdOf(structured: unknown): string | undefined {
  if (typeof structured === 'object' && structured !== null && 'task_id' in structured) {
    const id = (structured as { task_id: unknown }).task_id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

/**
 * Runs one tool call the way every adapter should: validates `rawInput` against the tool's input schema
 * (invalid → `TripoError('invalid_request')` naming the field, nothing sent), builds or wraps the context,
 * executes, validates the structured result against the output schema, clamps the text to 1 KB and masks
 * secrets (the key, however given, and anything shaped like one) in the result, in every progress event and in
 * every error thrown, its `cause` chain included. Progress reaches `onProgress` in order and never goes
 * backwards. Failures are thrown as `TripoError` (a cancelled call as code `aborted`); pass them to
 * `toolErrorResult` for the host.
 */
export async function runTool<D extends ToolDefinition>(
  definition: D,
  rawInput: unknown,
  options: RunToolOptions = {},
): Promise<ToolResultOf<D>> {
  const base = options.context ?? createToolContext(options.config ?? {}, {});
  const redact = redactorOf(base);
  try {
    return await runUnmasked(definition, rawInput, options, base, redact);
  } catch (error) {
    // Whatever failed, and whatever it wraps, leaves without the key.
    throw redactError(error, redact);
  }
}

async function runUnmasked<D extends ToolDefinition>(
  definition: D,
  rawInput: unknown,
  options: RunToolOptions,
  base: ToolContext,
  redact: Redactor,
): Promise<ToolResultOf<D>> {
  const parsed = definition.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw invalidInputError(definition.name, parsed.error, rawInput);

  const signal = options.signal ? AbortSignal.any([base.signal, options.signal]) : base.signal;
  // A context built here has a silent sink; a given one keeps its own, next to this call's.
  const progress = monotonicProgress((event) => {
    base.onProgress(event);
    options.onProgress?.(event);
  }, redact);
  // The first event of a task-starting tool names its task: from then on no failure may lose that id.
  let taskId: string | undefined;
  const context = deriveToolContext(base, {
    signal,
    onProgress: (event) => {
      taskId ??= event.taskId;
      progress.emit(event);
    },
  });

  let result: ToolResult<unknown>;
  try {
    if (signal.aborted) throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
    result = await definition.execute(parsed.data, context);
  } catch (error) {
    throw normalizeError(error, definition.name, signal, taskId);
  } finally {
    progress.close();
  }

  const checked = definition.output.safeParse(result.structured);
  if (!checked.success) {
    const taskId = taskIdOf(result.structured);
    throw new TripoError(
      'server',
      `TripoKit built a result for ${definition.name} that does not match its output schema (${formatPath(
        checked.error.issues[0]?.path ?? [],
      )}: ${checked.error.issues[0]?.message ?? 'invalid'}).${taskId ? ` Task ${taskId} is unaffected.` : ''}`,
      {
        taskId,
        suggestion: taskId
          ? `Call get_task_status with task_id ${taskId}. Please report this TripoKit bug.`
          : 'Please report this TripoKit bug.',
      },
    );
  }
  return {
    text: clampText(redact(result.text)),
    structured: redactDeep(checked.data, redact),
  } as ToolResultOf<D>;
}

function normalizeError(error: unknown, toolName: string, signal: AbortSignal, taskId?: string): unknown {
  const known = taskId ?? (error instanceof TripoError ? error.taskId : undefined);
  // A TripoError keeps its own code (an `outcome_unknown` create must stay one), unless it is the cancellation.
  const cancelled =
    error instanceof TripoError ? error.code === 'aborted' : signal.aborted || isAbortError(error);
  if (cancelled) return cancelledError(toolName, known, error);
  return known === undefined ? error : withTaskId(error, known);
}

/**
 * The error of a cancelled call. Cancelling stops the call, never the Tripo task: when a task is known, the
 * message says it goes on and how to pick it up, so no adapter has to add that itself.
 */
export function cancelledError(toolName: string, taskId: string | undefined, cause?: unknown): TripoError {
  if (taskId === undefined) {
    return new TripoError('aborted', `The ${toolName} call was cancelled.`, {
      cause,
      suggestion: 'Any task already started goes on at Tripo; list_recent_tasks shows its id.',
    });
  }
  return new TripoError(
    'aborted',
    `The ${toolName} call was cancelled. Task ${taskId} goes on at Tripo; call wait_for_task with task_id ${taskId} (then download_model).`,
    {
      cause,
      taskId,
      suggestion: 'Cancelling stopped this call only, not the task; list_recent_tasks also has its id.',
    },
  );
}

/** One item of {@link streamTool}: a progress event, then exactly one result at the end. */
export type ToolStreamItem<O = unknown> =
  | { type: 'progress'; event: ToolProgressEvent }
  | { type: 'result'; result: ToolResult<O> };

/**
 * {@link runTool} as an async iterable, for frameworks whose tools are generators (AI SDK, LangChain):
 * yields each progress event, then `{ type: 'result' }`. A failure is thrown from the iterator. If the
 * consumer stops early, the call is aborted (the Tripo task goes on; its id was in the first progress event).
 */
export async function* streamTool<D extends ToolDefinition>(
  definition: D,
  rawInput: unknown,
  options: RunToolOptions = {},
): AsyncGenerator<ToolStreamItem<z.output<D['output']>>, void, undefined> {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const queue: ToolProgressEvent[] = [];
  let wake: (() => void) | undefined;
  let settled = false;
  let outcome: { ok: true; result: ToolResultOf<D> } | { ok: false; error: unknown } | undefined;

  runTool(definition, rawInput, {
    ...options,
    signal,
    onProgress: (event) => {
      options.onProgress?.(event);
      queue.push(event);
      wake?.();
    },
  })
    .then(
      (result) => {
        outcome = { ok: true, result };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    )
    .finally(() => {
      settled = true;
      wake?.();
    });

  try {
    for (;;) {
      while (queue.length > 0) yield { type: 'progress', event: queue.shift()! };
      if (settled) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
    }
    if (outcome === undefined || !outcome.ok) throw outcome?.error;
    yield { type: 'result', result: outcome.result };
  } finally {
    if (!settled)
      controller.abort(new DOMException('The caller stopped reading the tool stream.', 'AbortError'));
  }
}

/** The structured error a host reports for a failed tool call. Never holds the API key. */
export const toolErrorSchema = z.object({
  error: z.object({
    code: z
      .string()
      .describe('Stable error kind, e.g. invalid_request, insufficient_credits, outcome_unknown.'),
    message: z.string(),
    suggestion: z.string().optional(),
    task_id: z.string().optional().describe('The task concerned: it may still be running at Tripo.'),
    trace_id: z.string().optional().describe('Quote it to Tripo support.'),
    api_code: z.number().optional(),
    http_status: z.number().optional(),
    field: z.string().optional(),
    retryable: z.boolean(),
  }),
});
export type ToolErrorContent = z.infer<typeof toolErrorSchema>;

/** What an adapter returns for a failed call: a short text, the structured error and the error flag. */
export interface ToolErrorResult {
  text: string;
  structured: ToolErrorContent;
  isError: true;
}

/** Error code reported for failures that are not a `TripoError` (a bug, or a host's own error). */
export type ToolErrorCode = TripoErrorCode | 'internal';

/**
 * The structured shape adapters use to report a failed call: stable code, message, suggestion, task id and
 * trace id. Works for any thrown value; masks anything shaped like an API key.
 */
export function toolErrorResult(error: unknown, options: { redact?: Redactor } = {}): ToolErrorResult {
  const redact = options.redact ?? createRedactor();
  let content: ToolErrorContent['error'];
  if (error instanceof TripoError) {
    content = {
      code: error.code,
      message: error.message,
      ...(error.suggestion ? { suggestion: error.suggestion } : {}),
      ...(error.taskId ? { task_id: error.taskId } : {}),
      ...(error.traceId ? { trace_id: error.traceId } : {}),
      ...(error.apiCode !== undefined ? { api_code: error.apiCode } : {}),
      ...(error.httpStatus !== undefined ? { http_status: error.httpStatus } : {}),
      ...(error.field ? { field: error.field } : {}),
      retryable: error.retryable,
    };
  } else {
    const message = error instanceof Error ? error.message : String(error);
    content = {
      code: 'internal' satisfies ToolErrorCode,
      message: `Unexpected error: ${message}`,
      suggestion: 'This looks like a TripoKit bug; list_recent_tasks shows any task already started.',
      retryable: false,
    };
  }
  const safe = redactDeep(content, redact);
  const parts = [
    `Error (${safe.code}): ${safe.message}`,
    safe.suggestion,
    safe.task_id && !safe.message.includes(safe.task_id) ? `Task id: ${safe.task_id}` : undefined,
    safe.trace_id ? `Trace id: ${safe.trace_id}` : undefined,
  ];
  return {
    text: joinSentences(parts),
    structured: { error: safe },
    isError: true,
  };
}
