import { fileURLToPath } from 'node:url';
import {
  type CallToolResult,
  Client,
  type ClientOptions,
  StreamableHTTPClientTransport,
  type Transport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createTripoToolkit, RecentTasks } from '@tripokit/core';
import {
  type ConformanceDriver,
  type ConformanceEnv,
  catalogueListing,
  type ProgressUpdate,
  progressRecorder,
  runConformanceSuite,
  type ToolCallOutcome,
  type ToolListing,
  toolCallError,
} from '@tripokit/testing/conformance';
import { expect } from 'vitest';
import {
  createTripoMcpHttpHandler,
  createTripoMcpServer,
  ERROR_META_KEY,
  PROGRESS_META_KEY,
} from '../src/index.js';
import { inProcessFetch, type ReceivedProgress, type StructuredError, textOf } from './harness.js';
import { tapProgress } from './wire-progress.js';

/** The catalogue every adapter is held to, as core derives it for each dialect. */
const catalogue = (apiVersion: 'v3' | 'v2'): ToolListing[] =>
  catalogueListing(
    createTripoToolkit({ env: { TRIPO_API_VERSION: apiVersion } }).tools,
    (tool) => tool.inputJsonSchema,
  );

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const CLIENT_OPTIONS: ClientOptions = { versionNegotiation: { mode: { pin: '2026-07-28' } } };

function progressUpdate(notification: ReceivedProgress): ProgressUpdate {
  const event = notification._meta?.[PROGRESS_META_KEY] as { status?: string; taskId?: string } | undefined;
  return {
    progress: (notification.progress / (notification.total ?? 100)) * 100,
    ...(notification.message !== undefined ? { message: notification.message } : {}),
    ...(event?.status !== undefined ? { status: event.status } : {}),
    ...(event?.taskId !== undefined ? { taskId: event.taskId } : {}),
  };
}

/** A real MCP client on `transport`, reporting what it receives in the suite's terms. */
async function mcpDriver(transport: Transport, onClose: () => Promise<void>): Promise<ConformanceDriver> {
  const client = new Client({ name: 'tripokit-conformance', version: '1.0.0' }, CLIENT_OPTIONS);
  await client.connect(transport);
  const wire = tapProgress(transport);
  return {
    async listTools() {
      const listed: ToolListing[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        for (const tool of page.tools) listed.push({ name: tool.name, inputSchema: tool.inputSchema });
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return listed;
    },
    async callTool(name, args, options = {}) {
      const { progress, add } = progressRecorder(options);
      const release = wire.expect((notification) => add(progressUpdate(notification)));
      try {
        const result = (await client.callTool(
          { name, arguments: args },
          {
            // Asks for progress (and keeps the time-out alive); the notifications are read off the wire.
            onprogress: () => {},
            resetTimeoutOnProgress: true,
            timeout: 120_000,
            ...(options.signal ? { signal: options.signal } : {}),
          },
        )) as CallToolResult;
        const text = textOf(result);
        if (result.isError) {
          const error = result._meta?.[ERROR_META_KEY] as StructuredError;
          return {
            progress,
            text,
            error: toolCallError(error),
            ...(result.structuredContent
              ? { errorResult: result.structuredContent as Record<string, unknown> }
              : {}),
          } satisfies ToolCallOutcome;
        }
        return { progress, text, result: result.structuredContent as Record<string, unknown> };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const code = options.signal?.aborted ? 'aborted' : 'internal';
        return { progress, error: { code, message } };
      } finally {
        release();
      }
    },
    async close() {
      await client.close();
      await onClose();
    },
  };
}

/** In process: the server factory behind the stateless HTTP handler, reached through a socket-free fetch. */
async function inProcessDriver(env: ConformanceEnv): Promise<ConformanceDriver> {
  const factory = createTripoMcpServer({ ...env.toolOptions, recentTasks: new RecentTasks() });
  const handler = createTripoMcpHttpHandler(factory);
  const transport = new StreamableHTTPClientTransport(new URL('http://127.0.0.1/mcp'), {
    fetch: inProcessFetch(handler),
  });
  return mcpDriver(transport, () => handler.close());
}

/** Over stdio: the built `tripokit-mcp` bin in a child process, configured only by environment variables. */
async function stdioDriver(env: ConformanceEnv): Promise<ConformanceDriver> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    env: env.envVars,
    stderr: 'pipe',
  });
  let log = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  return mcpDriver(transport, async () => {
    expect(log, 'the server log never shows the key').not.toContain(env.apiKey);
  });
}

runConformanceSuite({ name: 'mcp, in process', catalogue, createDriver: inProcessDriver });

runConformanceSuite({
  name: 'mcp, stdio',
  catalogue,
  mode: 'server',
  createDriver: stdioDriver,
  groups: ['tool listing', 'text to model', 'billing safety', 'invalid input', 'cancellation', 'secrets'],
});
