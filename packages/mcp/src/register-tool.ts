import type {
  CallToolResult,
  InputRequiredResult,
  McpServer,
  ToolAnnotations as McpToolAnnotations,
  RegisteredTool,
  ServerContext,
} from '@modelcontextprotocol/server';
import {
  type Clock,
  createToolContext,
  deriveToolContext,
  runTool,
  TaskFailedError,
  type ToolAnnotations,
  type ToolContext,
  type ToolDefinition,
  type ToolRuntime,
  TripoError,
  taskFailureOf,
  toolErrorResult,
} from '@tripokit/core';
import type { InFlightCalls } from './in-flight.js';
import { advertisedInputSchema } from './input-schema.js';
import type { Logger } from './log.js';
import { ProgressRelay } from './progress.js';
import type { ClientRoots } from './roots.js';
import { toCallToolError, toCallToolResult } from './tool-result.js';

/** What every registered tool of one server instance shares. */
export interface ToolBridge {
  runtime: ToolRuntime;
  roots: ClientRoots;
  /** Times the progress heartbeat. */
  clock: Clock;
  heartbeatMs: number;
  logger: Logger;
  /** Calls in flight in this process (HTTP), so a cancellation arriving on another request finds its call. */
  inFlight?: InFlightCalls;
  /** Called after a call saved files into the output folder: the resource list changed. */
  onFilesSaved(): void;
}

/** MCP's hints from a definition's annotations (spending credits has no MCP hint; the description says it). */
export function mcpAnnotations(annotations: ToolAnnotations): McpToolAnnotations {
  return {
    readOnlyHint: annotations.readOnly,
    idempotentHint: annotations.idempotent,
    destructiveHint: annotations.destructive ?? false,
    openWorldHint: annotations.openWorld,
  };
}

async function callContext(bridge: ToolBridge, base: ToolContext, ctx: ServerContext): Promise<ToolContext> {
  const rootDirs = await bridge.roots.directories(ctx);
  if (rootDirs.length === 0) return base;
  const allowedInputDirs = [...new Set([...base.files.allowedInputDirs, ...rootDirs])];
  return deriveToolContext(base, { files: { ...base.files, allowedInputDirs } });
}

/**
 * Registers one catalogue tool: its schemas and hints, and a handler that runs it through core's `runTool`
 * with the request's cancellation and the request's progress token. Input validation, execution, result
 * and error shaping all happen in core; this maps them to MCP.
 */
export function registerTool(
  server: McpServer,
  definition: ToolDefinition,
  bridge: ToolBridge,
): RegisteredTool {
  return server.registerTool(
    definition.name,
    {
      title: definition.title,
      description: definition.description,
      inputSchema: advertisedInputSchema(definition.input),
      outputSchema: definition.output,
      annotations: mcpAnnotations(definition.annotations),
      _meta: { 'tripokit/spendsCredits': definition.annotations.spendsCredits },
    },
    (args: unknown, ctx: ServerContext) => handleCall(definition, args, ctx, bridge),
  );
}

async function handleCall(
  definition: ToolDefinition,
  args: unknown,
  ctx: ServerContext,
  bridge: ToolBridge,
): Promise<CallToolResult | InputRequiredResult> {
  const { runtime, logger } = bridge;
  const progressToken = ctx.mcpReq._meta?.progressToken;
  const relay =
    progressToken === undefined
      ? undefined
      : new ProgressRelay({
          send: (params) =>
            ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, ...params } }),
          clock: bridge.clock,
          heartbeatMs: bridge.heartbeatMs,
          logger,
        });
  // The tool gets its own signal: a per-request server instance closing after its response must not reach
  // into a call that has already finished (stateless HTTP), so the listener is removed on the way out.
  const abort = new AbortController();
  const requestSignal = ctx.mcpReq.signal;
  const forwardAbort = (): void => abort.abort(requestSignal.reason);
  if (requestSignal.aborted) forwardAbort();
  else requestSignal.addEventListener('abort', forwardAbort, { once: true });
  const unregister = bridge.inFlight?.register(ctx.mcpReq.id, abort);

  relay?.start();
  try {
    const base = createToolContext(runtime, {
      signal: abort.signal,
      onProgress: (event) => relay?.push(event),
    });
    const result = await runTool(definition, args, { context: await callContext(bridge, base, ctx) });
    const failed = taskFailureOf(result);
    if (failed !== undefined) throw failed;
    await relay?.close({ succeeded: true });
    const answer = await toCallToolResult(result, runtime.settings.files.outputDir);
    if (answer.content.some((item) => item.type === 'resource_link')) bridge.onFilesSaved();
    return answer;
  } catch (error) {
    await relay?.close();
    // A local file outside the allowed folders, before anything was started: a 2026-era client with roots
    // may share its folders and call again.
    const askRoots =
      error instanceof TripoError && error.code === 'file_access' && error.taskId === undefined
        ? bridge.roots.askFor(ctx)
        : undefined;
    if (askRoots !== undefined) {
      logger.info(
        `${definition.name}: a local file is outside the allowed folders; asking the client for its roots.`,
      );
      return askRoots;
    }
    const shaped = toolErrorResult(error, { redact: runtime.redact });
    // Core's message of a cancelled call already says whether a task goes on and how to pick it up.
    const what = abort.signal.aborted
      ? 'cancelled by the client'
      : `failed (${shaped.structured.error.code})`;
    logger.info(`${definition.name} ${what}: ${shaped.structured.error.message}`);
    return toCallToolError(shaped, error instanceof TaskFailedError ? error.result.structured : undefined);
  } finally {
    unregister?.();
    requestSignal.removeEventListener('abort', forwardAbort);
  }
}
