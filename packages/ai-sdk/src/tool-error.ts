import { TaskFailedError, type ToolRuntime, TripoError, toolErrorResult } from '@tripokit/core';

/** Masks the API key in text (the runtime's own redactor). */
type Redactor = ToolRuntime['redact'];

/**
 * The `TripoError` a TripoKit tool throws inside the AI SDK: same class, code and fields as core's, but its
 * `toString()` — which the AI SDK sends to the model as the tool's error text — is the full shaped error:
 * code, message, advice, task id and trace id, so the model hears what to do, not only what went wrong.
 * When the call's task ended without success (code `task_failed`), `result` holds the structured status.
 */
export class TripoToolCallError extends TripoError {
  override readonly name = 'TripoToolCallError';
  /** The text the model reads. */
  readonly modelText: string;
  /** The structured status of a task that ended without success (`outcome`, `failure_cause`, `next_step`, …). */
  readonly result?: Record<string, unknown>;

  constructor(error: TripoError, redact: Redactor) {
    const shaped = toolErrorResult(error, { redact });
    super(error.code, shaped.structured.error.message, {
      apiCode: error.apiCode,
      httpStatus: error.httpStatus,
      suggestion: shaped.structured.error.suggestion,
      traceId: error.traceId,
      taskId: error.taskId,
      retryable: error.retryable,
      field: error.field,
      cause: error,
    });
    this.modelText = shaped.text;
    if (error instanceof TaskFailedError) this.result = error.result.structured;
  }

  override toString(): string {
    return this.modelText;
  }
}
