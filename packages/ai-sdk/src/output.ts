import type { ToolProgressEvent } from '@tripokit/core';

/** A preliminary result: one live progress update of the running tool. */
export type TripoToolProgress = { type: 'progress' } & ToolProgressEvent;

/** The final result: the short text the model reads and the tool's structured result. */
export type TripoToolResult<Structured = Record<string, unknown>> = {
  type: 'result';
  /** The short summary (≤ 1 KB) handed to the model. */
  text: string;
  /** The structured result, as described by the tool's output schema. */
  result: Structured;
};

/**
 * What a TripoKit tool yields: `progress` values as preliminary results (`part.preliminary === true` in the
 * UI stream), then one `result`, which is the final output.
 */
export type TripoToolOutput<Structured = Record<string, unknown>> =
  | TripoToolProgress
  | TripoToolResult<Structured>;
