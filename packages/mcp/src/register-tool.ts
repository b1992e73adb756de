import type {
  CallToolResult,
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
  taskFailureOf,
  toolErrorResult,
} from '@tripokit/core';
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

async function callContext(bridge: ToolBridge, base: ToolContext): Promise<ToolContext> {
  const rootDirs = await bridge.roots.directories();
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
): Promise<CallToolResult> {
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

  relay?.start();
  try {
    const base = createToolContext(runtime, {
      signal: abort.signal,
      onProgress: (event) => relay?.push(event),
    });
    const result = await runTool(definition, args, { context: await callContext(bridge, base) });
    const failed = taskFailureOf(result);
    if (failed !== undefined) throw failed;
    await relay?.close({ succeeded: true });
    return await toCallToolResult(result, runtime.settings.files.outputDir);
  } catch (error) {
    await relay?.close();
    const shaped = toolErrorResult(error, { redact: runtime.redact });
    // Core's message of a cancelled call already says whether a task goes on and how to pick it up.
    const what = abort.signal.aborted
      ? 'cancelled by the client'
      : `failed (${shaped.structured.error.code})`;
    logger.info(`${definition.name} ${what}: ${shaped.structured.error.message}`);
    return toCallToolError(shaped, error instanceof TaskFailedError ? error.result.structured : undefined);
  } finally {
    requestSignal.removeEventListener('abort', forwardAbort);
  }
}
