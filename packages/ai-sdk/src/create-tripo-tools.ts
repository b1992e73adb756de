import {
  prepareAdapterTools,
  streamTool,
  type ToolDefinition,
  type ToolRuntime,
  TripoError,
  type TripoToolsOptions,
  taskFailureOf,
  toolInputJsonSchema,
  toolMetadata,
} from '@tripokit/core';
import { type JSONSchema7, jsonSchema, type Tool, tool } from 'ai';
import type { TripoToolOutput } from './output.js';
import { TripoToolCallError } from './tool-error.js';

/** Tool arguments as the model sends them; core validates them against the tool's zod schema. */
export type TripoToolInput = Record<string, unknown>;

/** One TripoKit tool for the AI SDK. */
export type TripoAiTool = Tool<TripoToolInput, TripoToolOutput>;

/** The AI SDK `ToolSet` of TripoKit tools, keyed by the catalogue's snake_case tool names. */
export type TripoTools = Record<string, TripoAiTool>;

/** Options of {@link createTripoTools}: the same as `@tripokit/langchain`'s, defined once in core. */
export type CreateTripoToolsOptions = TripoToolsOptions;

async function* run(
  definition: ToolDefinition,
  runtime: ToolRuntime,
  input: TripoToolInput,
  abortSignal: AbortSignal | undefined,
): AsyncGenerator<TripoToolOutput> {
  try {
    for await (const item of streamTool(definition, input, { config: runtime, signal: abortSignal })) {
      if (item.type === 'progress') {
        yield { type: 'progress', ...item.event };
        continue;
      }
      const failed = taskFailureOf(item.result);
      if (failed !== undefined) throw failed;
      yield {
        type: 'result',
        text: item.result.text,
        result: item.result.structured as Record<string, unknown>,
      };
    }
  } catch (error) {
    throw error instanceof TripoError ? new TripoToolCallError(error, runtime.redact) : error;
  }
}

function aiTool(definition: ToolDefinition, runtime: ToolRuntime): TripoAiTool {
  return tool<TripoToolInput, TripoToolOutput, Record<string, never>>({
    description: definition.description,
    // The advertised schema is the catalogue's; validation is core's (inside `streamTool`), so a bad argument
    // fails as `invalid_request` naming the field, exactly as in every other adapter.
    inputSchema: jsonSchema<TripoToolInput>(toolInputJsonSchema(definition) as JSONSchema7, {
      validate: (value) => ({ success: true, value: value as TripoToolInput }),
    }),
    metadata: toolMetadata(definition),
    execute: (input, { abortSignal }) => run(definition, runtime, input, abortSignal),
    toModelOutput: ({ output }) =>
      output.type === 'result'
        ? { type: 'text', value: output.text }
        : { type: 'text', value: output.message },
  });
}

/**
 * TripoKit's tools as an AI SDK `ToolSet`, keyed by tool name. Each tool streams its progress as preliminary
 * results (`{ type: 'progress', … }`) and ends with `{ type: 'result', text, result }`; the model reads `text`.
 * Aborting the call's `abortSignal` stops waiting (the Tripo task goes on). A failure throws a `TripoError`
 * (code, message, suggestion), which the AI SDK reports as a tool error; the model reads message and advice.
 * A task that ended without success (failed, banned, expired…) is such a failure too: code `task_failed`,
 * with the structured status on the error's `result`.
 *
 * Nothing touches the network until a tool runs, so creating the tools needs no key.
 *
 * @example
 * const result = streamText({ model, tools: createTripoTools({ outputDir: './models' }), prompt: 'Make a red fox' });
 */
export function createTripoTools(options: CreateTripoToolsOptions = {}): TripoTools {
  const { runtime, definitions } = prepareAdapterTools(options);
  return Object.fromEntries(definitions.map((definition) => [definition.name, aiTool(definition, runtime)]));
}
