import type { Task } from './client/task.js';

/** Stable, machine-readable error kinds. Adapters and agents branch on these, never on messages. */
export type TripoErrorCode =
  | 'config'
  | 'auth'
  | 'rate_limited'
  | 'insufficient_credits'
  | 'invalid_request'
  | 'content_policy'
  | 'not_found'
  | 'server'
  | 'network'
  | 'timeout'
  | 'outcome_unknown'
  | 'task_failed'
  | 'aborted'
  | 'download'
  | 'file_access'
  /** Not a failure TripoKit knows: a bug, or a host's own error. */
  | 'internal';

/** Everything a {@link TripoError} can carry besides its message. */
export interface TripoErrorDetails {
  /** The API's own numeric code (e.g. 2010), when it sent one. */
  apiCode?: number;
  httpStatus?: number;
  /** What to do about it, in a sentence a person or an agent can act on. */
  suggestion?: string;
  /** `X-Tripo-Trace-ID` / `request_id`: quote it to Tripo support. */
  traceId?: string;
  /** The task concerned, when there is one: never lose a task id. */
  taskId?: string;
  /** Whether repeating the same call later may succeed. */
  retryable?: boolean;
  /** For `invalid_request`: the offending field path, e.g. `face_limit`. */
  field?: string;
  cause?: unknown;
}

/**
 * The one error type TripoKit throws. `code` is stable; `message` and `suggestion` are written for
 * people and language models and never contain the API key.
 */
export class TripoError extends Error {
  override readonly name: string = 'TripoError';
  readonly code: TripoErrorCode;
  readonly apiCode?: number;
  readonly httpStatus?: number;
  readonly suggestion?: string;
  readonly traceId?: string;
  readonly taskId?: string;
  readonly retryable: boolean;
  readonly field?: string;

  constructor(code: TripoErrorCode, message: string, details: TripoErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.apiCode = details.apiCode;
    this.httpStatus = details.httpStatus;
    this.suggestion = details.suggestion;
    this.traceId = details.traceId;
    this.taskId = details.taskId;
    this.retryable = details.retryable ?? false;
    this.field = details.field;
  }

  /**
   * A copy with some details replaced, this error becoming its cause: e.g. to attach the task id a lower layer
   * did not know, or advice worded for the caller's layer.
   */
  with(overrides: Omit<TripoErrorDetails, 'cause'>): TripoError {
    return new TripoError(this.code, this.message, { ...this.#details(), ...overrides, cause: this });
  }

  /** A plain, serialisable view (for tool results and logs). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, ...this.#details() };
  }

  #details(): Omit<TripoErrorDetails, 'cause'> {
    return {
      apiCode: this.apiCode,
      httpStatus: this.httpStatus,
      suggestion: this.suggestion,
      traceId: this.traceId,
      taskId: this.taskId,
      retryable: this.retryable,
      field: this.field,
    };
  }
}

/**
 * The error of an operation its `AbortSignal` stopped: how every layer reports a cancellation. Repeating the same
 * call is harmless unless the caller says otherwise (`retryable: false`, e.g. a tool call that started a task).
 */
export function cancelledError(message: string, details: TripoErrorDetails = {}): TripoError {
  return new TripoError('aborted', message, { retryable: true, ...details });
}

/**
 * `error` naming `taskId` when it does not name a task yet (a failure after a task was created must never lose
 * its id), with `suggestion` when it has none; anything else as it is.
 */
export function withTaskId(error: unknown, taskId: string, suggestion?: string): unknown {
  if (!(error instanceof TripoError) || error.taskId !== undefined) return error;
  return error.with({ taskId, suggestion: error.suggestion ?? suggestion });
}

/** `waitForTask` reached its deadline; the task goes on and `lastTask` says where it was. */
export class TripoWaitTimeoutError extends TripoError {
  override readonly name = 'TripoWaitTimeoutError';
  readonly lastTask?: Task;

  constructor(taskId: string, lastTask: Task | undefined, waitedMs: number) {
    super(
      'timeout',
      `Task ${taskId} was still ${lastTask?.status ?? 'pending'} after ${Math.round(waitedMs / 1000)} s.`,
      {
        taskId,
        retryable: true,
        suggestion: `The task goes on at Tripo. Wait again for task ${taskId}, or check its status later.`,
      },
    );
    this.lastTask = lastTask;
  }
}
