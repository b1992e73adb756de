import type { ProgressUpdate, ToolCallError, ToolCallOptions, ToolListing } from './driver.js';

/**
 * The catalogue a suite holds adapters to, from a list of tool definitions and the function that derives a
 * tool's canonical input JSON Schema, e.g. `catalogueListing(createTripoToolkit().tools, (tool) => tool.inputJsonSchema)`.
 */
export function catalogueListing<Tool extends { name: string }>(
  tools: readonly Tool[],
  inputSchemaOf: (tool: Tool) => Record<string, unknown>,
): ToolListing[] {
  return tools.map((tool) => ({ name: tool.name, inputSchema: inputSchemaOf(tool) }));
}

/** A framework's error (a `TripoError`, or its serialised form) in the suite's terms: code, message, advice. */
export function toolCallError(error: { code: string; message: string; suggestion?: string }): ToolCallError {
  return {
    code: error.code,
    message: error.message,
    ...(error.suggestion ? { suggestion: error.suggestion } : {}),
  };
}

/** The progress of one call: `add` records an update and passes it on to the scenario at once. */
export function progressRecorder(options: ToolCallOptions): {
  progress: ProgressUpdate[];
  add(update: ProgressUpdate): void;
} {
  const progress: ProgressUpdate[] = [];
  return {
    progress,
    add(update) {
      progress.push(update);
      options.onProgress?.(update);
    },
  };
}
