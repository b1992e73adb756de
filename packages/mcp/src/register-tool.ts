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
import type { SchemaLookup } from './precomputed-schemas.js';
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
  /** The JSON Schemas derived at build time (the bin), used where they fit; the others are derived here. */
  schemas?: SchemaLookup | undefined;
}

/** A JSON Schema as the SDK takes one: advertised as it is, never checked here (`kit.call` validates). */
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

function withoutType<T extends { type: string }>({ type: _type, ...rest }: T): Omit<T, 'type'> {
  return rest;
}

/**
 * Registers one toolkit tool: its schemas and hints, and a handler that runs it through `kit.call` with the
 * request's cancellation, roots and progress token. Validation, execution and the shaping of results and
 * errors all happen in core; this maps them to MCP.
 */
export function registerTool(server: McpServer, tool: ToolkitTool, bridge: ToolBridge): RegisteredTool {
  const precomputed = bridge.schemas?.(tool);
  return server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: advertised(precomputed?.input ?? tool.inputJsonSchema),
      outputSchema: advertised(precomputed?.output ?? tool.outputJsonSchema),
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
  const { kit, logger } = bridge;
  const scope = openCallScope(ctx, bridge);
  let result: ToolCallResult | undefined;
  try {
    const roots = await bridge.roots.directories(ctx);
    for await (const item of kit.call(tool, args, { signal: scope.signal, roots })) {
      if (item.type === 'result') result = item;
      else scope.progress(withoutType(item));
    }
  } finally {
    await scope.close(result?.isError === false);
  }
  if (result === undefined) throw new Error(`${tool.name} ended without a result.`);
  if (!result.isError) {
    if (result.files.length > 0) bridge.onFilesSaved();
    return callToolResult(result, kit.settings.files.outputDir);
  }
  const { error } = result;
  // A local file outside the allowed folders, before anything was started: a 2026-era client with roots may
  // share its folders and call again.
  const askRoots = error.code === 'file_access' && !error.taskId ? bridge.roots.askFor(ctx) : undefined;
  if (askRoots !== undefined) {
    logger.info(
      `${tool.name}: a local file is outside the allowed folders; asking the client for its roots.`,
    );
    return askRoots;
  }
  // Core's message of a cancelled call already says whether a task goes on and how to pick it up.
  const what = scope.signal.aborted ? 'cancelled by the client' : `failed (${error.code})`;
  logger.info(`${tool.name} ${what}: ${error.message}`);
  return callToolResult(result, kit.settings.files.outputDir);
}
