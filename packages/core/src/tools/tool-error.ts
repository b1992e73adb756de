import { z } from 'zod';
import { TripoError } from '../errors.js';
import { createRedactor, type Redactor } from '../redact.js';
import { joinSentences } from '../text.js';

/** The structured error of a failed tool call, the same in every adapter. Never holds the API key. */
export const toolErrorSchema = z.object({
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
});
/** See {@link toolErrorSchema}: what MCP puts in `_meta`, LangChain in the artifact's `error`. */
export type ToolErrorDetail = z.infer<typeof toolErrorSchema>;

/**
 * A failed tool call, shaped once for every adapter: the `TripoError` (same code and fields, key masked), the
 * text the model reads (`text`, also `toString()`: code, message, advice, task id, trace id), the same as
 * structured data (`detail`) and, when the call's task ended without success (code `task_failed`), that task's
 * structured status (`result`). A failure that was not a `TripoError` (a bug) has code `internal`.
 */
export class TripoToolCallError extends TripoError {
  override readonly name = 'TripoToolCallError';
  /** What the model reads. */
  readonly text: string;
  /** The error as structured data, snake_case. */
  readonly detail: ToolErrorDetail;
  /** The structured status of a task that ended without success (`outcome`, `failure_cause`, `next_step`, …). */
  readonly result?: Record<string, unknown>;

  /** `redact` masks the key (default: anything shaped like a Tripo key); `result` is a failed task's status. */
  constructor(thrown: unknown, options: { redact?: Redactor; result?: Record<string, unknown> } = {}) {
    const { redact = createRedactor(), result } = options;
    const error =
      thrown instanceof TripoError
        ? thrown
        : new TripoError(
            'internal',
            `Unexpected error: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
            {
              suggestion: 'This looks like a TripoKit bug; list_recent_tasks shows any task already started.',
            },
          );
    const mask = (text: string | undefined) => (text === undefined ? undefined : redact(text));
    super(error.code, redact(error.message), {
      apiCode: error.apiCode,
      httpStatus: error.httpStatus,
      suggestion: mask(error.suggestion),
      traceId: mask(error.traceId),
      taskId: error.taskId,
      retryable: error.retryable,
      field: error.field,
    });
    // The original stack says where it failed; the original error itself is not kept, as it may hold the key.
    this.stack = mask(thrown instanceof Error ? thrown.stack : undefined) ?? this.stack;
    this.detail = {
      code: this.code,
      message: this.message,
      ...(this.suggestion ? { suggestion: this.suggestion } : {}),
      ...(this.taskId ? { task_id: this.taskId } : {}),
      ...(this.traceId ? { trace_id: this.traceId } : {}),
      ...(this.apiCode !== undefined ? { api_code: this.apiCode } : {}),
      ...(this.httpStatus !== undefined ? { http_status: this.httpStatus } : {}),
      ...(this.field ? { field: this.field } : {}),
      retryable: this.retryable,
    };
    this.text = joinSentences([
      `Error (${this.code}): ${this.message}`,
      this.suggestion,
      this.taskId && !this.message.includes(this.taskId) ? `Task id: ${this.taskId}` : undefined,
      this.traceId ? `Trace id: ${this.traceId}` : undefined,
    ]);
    if (result !== undefined) this.result = result;
  }

  override toString(): string {
    return this.text;
  }
}
