import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  RegisteredTool,
  ServerContext,
  StandardSchemaWithJSON,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
import type { ToolCallResult, ToolkitTool, TripoToolkit } from '@tripokit/core';
import { type CallScopeOptions, openCallScope } from './call-scope.js';
import { modelResourceLink } from './resources.js';
import type { ClientRoots } from './roots.js';

/** Where a failed call's structured error travels: `_meta`, since `structuredContent` must match the output schema. */
export const ERROR_META_KEY = 'tripokit/error';

/** What every registered tool of one server instance shares. */
export interface ToolBridge extends CallScopeOptions {
  kit: TripoToolkit;
  roots: ClientRoots;
  /** Called after a call saved files into the output folder: the resource list changed. */
  onFilesSaved(): void;
}

/** A JSON Schema as the SDK takes one: advertised as it is, never checked here (`kit.run` validates). */
function advertised(schema: Record<string, unknown>): StandardSchemaWithJSON {
  const jsonSchema = { input: () => schema, output: () => schema };
  return { '~standard': { version: 1, vendor: 'tripokit', validate: (value) => ({ value }), jsonSchema } };
}

/**
 * A call's result for MCP: the text, a `resource_link` to each file it saved, the structured content. A failure
 * is `isError` with core's structured error in `_meta` (strict clients check any `structuredContent` against
 * the output schema, even on errors); only a task that ended badly keeps its status as `structuredContent`.
 */
function callToolResult(result: ToolCallResult, outputDir: string): CallToolResult {
  const links = result.files.flatMap((file) => modelResourceLink(outputDir, file.path, file.bytes) ?? []);
  return {
    content: [{ type: 'text', text: result.text }, ...links],
    ...(result.structured === undefined
      ? {}
      : { structuredContent: result.structured as Record<string, unknown> }),
    ...(result.isError ? { isError: true, _meta: { [ERROR_META_KEY]: result.error.detail } } : {}),
  };
}

/**
 * A tool's MCP annotations: its title (hosts on older spec revisions read it only here) and the hints that
 * differ from the spec's defaults (not read-only, destructive, not idempotent, open world), which say the same
 * in fewer bytes.
 */
export function toolAnnotations(tool: ToolkitTool): ToolAnnotations {
  const { readOnly, idempotent, destructive = false, openWorld } = tool.annotations;
  return {
    title: tool.title,
    ...(readOnly ? { readOnlyHint: true } : { destructiveHint: destructive }),
    ...(idempotent ? { idempotentHint: true } : {}),
    ...(openWorld ? {} : { openWorldHint: false }),
  };
}

/**
 * Registers one toolkit tool: its schemas and hints, and a handler that runs it through `kit.run` with the
 * request's cancellation, roots and progress token. Validation, execution and the shaping of results and
 * errors all happen in core; this maps them to MCP.
 */
export function registerTool(server: McpServer, tool: ToolkitTool, bridge: ToolBridge): RegisteredTool {
  return server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: advertised(tool.inputJsonSchema),
      outputSchema: advertised(tool.outputJsonSchema),
      // Spending credits has no MCP hint and no client reads a custom `_meta` key for it: the description
      // says what a call costs (every model reads it; `tools/list` carries no bytes only code would read).
      annotations: toolAnnotations(tool),
    },
    (args: unknown, ctx: ServerContext) => handleCall(tool, args, ctx, bridge),
  );
}

async function handleCall(
  tool: ToolkitTool,
  args: unknown,
  ctx: ServerContext,
  bridge: ToolBridge,
): Promise<CallToolResult | InputRequiredResult> {
  const { kit, roots } = bridge;
  const scope = openCallScope(tool.name, ctx, bridge);
  let result: ToolCallResult | undefined;
  try {
    const directories = await roots.directories(ctx);
    result = await kit.run(tool, args, {
      signal: scope.signal,
      roots: directories,
      onProgress: scope.progress,
    });
  } finally {
    await scope.close(result);
  }
  const outputDir = kit.settings.files.outputDir;
  if (result.isError) return roots.askAfter(result.error, ctx) ?? callToolResult(result, outputDir);
  if (result.files.length > 0) bridge.onFilesSaved();
  return callToolResult(result, outputDir);
}
