/**
 * `@tripokit/ai-sdk`: TripoKit's Tripo 3D tools for the Vercel AI SDK, streaming live progress as
 * preliminary tool results. One loop over the toolkit's tools, each run through `kit.call`.
 */
import {
  createTripoToolkit,
  type ToolCallItem,
  type ToolkitTool,
  type ToolProgressEvent,
  type TripoToolkitOptions,
} from '@tripokit/core';
import { type JSONSchema7, jsonSchema, type Tool, tool } from 'ai';

// Re-exported from `@tripokit/core` so that an app needs no direct dependency on it (pnpm keeps it private).
export type { TripoClientOptions, TripoErrorCode } from '@tripokit/core';
export { TripoClient, TripoError, TripoToolCallError } from '@tripokit/core';

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

/** Tool arguments as the model sends them; core validates them against the tool's zod schema. */
export type TripoToolInput = Record<string, unknown>;

/** One TripoKit tool for the AI SDK. */
export type TripoAiTool = Tool<TripoToolInput, TripoToolOutput>;

/** The AI SDK `ToolSet` of TripoKit tools, keyed by the catalogue's snake_case tool names. */
export type TripoTools = Record<string, TripoAiTool>;

/** Options of {@link createTripoTools}: core's `TripoToolkitOptions`, the same in every adapter. */
export type CreateTripoToolsOptions = TripoToolkitOptions;

/** A call's items as the AI SDK wants them: progress as preliminary values, the result last, a failure thrown. */
async function* outputs(items: AsyncIterable<ToolCallItem>): AsyncGenerator<TripoToolOutput> {
  for await (const item of items) {
    if (item.type === 'progress') yield item;
    else if (item.isError) throw item.error;
    else yield { type: 'result', text: item.text, result: item.structured as Record<string, unknown> };
  }
}

/**
 * TripoKit's tools as an AI SDK `ToolSet`, keyed by tool name. Each tool streams its progress as preliminary
 * results (`{ type: 'progress', … }`) and ends with `{ type: 'result', text, result }`; the model reads `text`.
 * Aborting the call's `abortSignal` stops waiting (the Tripo task goes on). A failure throws core's
 * `TripoToolCallError` (a `TripoError`: code, message, advice), which the AI SDK reports as a tool error; its
 * `toString()` is what the model reads. A task that ended without success (failed, banned, expired…) is such a
 * failure too: code `task_failed`, with the structured status on the error's `result`.
 *
 * Nothing touches the network until a tool runs, so creating the tools needs no key.
 *
 * @example
 * const result = streamText({ model, tools: createTripoTools({ outputDir: './models' }), prompt: 'Make a red fox' });
 */
export function createTripoTools(options: CreateTripoToolsOptions = {}): TripoTools {
  const kit = createTripoToolkit(options);
  const aiTool = (definition: ToolkitTool): TripoAiTool =>
    tool<TripoToolInput, TripoToolOutput, Record<string, never>>({
      description: definition.description,
      // Core validates inside `kit.call`, so a bad argument fails as `invalid_request` naming the field.
      inputSchema: jsonSchema<TripoToolInput>(definition.inputJsonSchema as JSONSchema7, {
        validate: (value) => ({ success: true, value: value as TripoToolInput }),
      }),
      metadata: definition.metadata,
      execute: (input, { abortSignal }) => outputs(kit.call(definition, input, { signal: abortSignal })),
      toModelOutput: ({ output }) => ({
        type: 'text',
        value: output.type === 'result' ? output.text : output.message,
      }),
    });
  return Object.fromEntries(kit.tools.map((definition) => [definition.name, aiTool(definition)]));
}
