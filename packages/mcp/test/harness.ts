import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type CallToolResult,
  Client,
  type ClientOptions,
  InMemoryTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import { RecentTasks } from '@tripokit/core';
import { encodePng, shapeMesh, writeGlb } from '@tripokit/testing';
import { type SimulatorHarness, useSimulatorHarness } from '@tripokit/testing/harness';
import { afterEach, expect } from 'vitest';
import {
  createTripoMcpHttpHandler,
  createTripoMcpServer,
  ERROR_META_KEY,
  type Logger,
  type TripoMcpServerFactory,
  type TripoMcpServerOptions,
} from '../src/index.js';

/** The only key the simulator accepts; nothing the server returns, sends as progress or logs may contain it. */
export const KEY = 'tsk_mcp_test_key_7d3e91c0a24f5b';

/** `legacy`: 2025-11-25 over an in-memory pair. `modern`: 2026-07-28 through the HTTP handler, no socket. */
export type Era = 'legacy' | 'modern';

/** One progress notification as the client received it. */
export interface ReceivedProgress {
  progress: number;
  total?: number;
  message?: string;
  _meta?: Record<string, unknown>;
}

/** A connected client plus what it received. */
export interface Connection {
  client: Client;
  era: Era;
  close(): Promise<void>;
}

/** Per-test simulator (msw, fake clock), folders, log capture and server factory. */
export interface McpHarness extends SimulatorHarness {
  /** Every line the server logged, unredacted. */
  logs: string[];
  options: TripoMcpServerOptions;
  factory: TripoMcpServerFactory;
  /** A PNG inside the allowed input folder. */
  imagePath: string;
  /** A GLB inside the allowed input folder. */
  modelPath: string;
  /** Rebuilds the factory with extra options (before connecting). */
  configure(extra: Partial<TripoMcpServerOptions>): void;
  connect(
    era: Era,
    clientOptions?: ClientOptions,
    onRoots?: () => { uri: string; name?: string }[],
  ): Promise<Connection>;
}

function captureLogger(lines: string[]): Logger {
  return {
    info: (m) => lines.push(`info: ${m}`),
    warn: (m) => lines.push(`warn: ${m}`),
    error: (m) => lines.push(`error: ${m}`),
  };
}

/** A fetch that hands requests to an in-process MCP handler, with the `Host` header a socket would carry. */
export function inProcessFetch(handler: { fetch(request: Request): Promise<Response> }) {
  return (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const headers = new Headers(init?.headers);
    headers.set('host', url.host);
    return handler.fetch(new Request(url, { ...init, headers }));
  };
}

/** Connects a real client to one server from `factory` in the given era. */
export async function connectClient(
  factory: TripoMcpServerFactory,
  era: Era,
  clientOptions: ClientOptions = {},
  onRoots?: () => { uri: string; name?: string }[],
): Promise<Connection> {
  if (era === 'legacy') {
    const client = new Client({ name: 'tripokit-mcp-test', version: '1.0.0' }, clientOptions);
    if (onRoots) client.setRequestHandler('roots/list', () => ({ roots: onRoots() }));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const server = factory();
    await server.connect(serverSide);
    await client.connect(clientSide);
    return {
      client,
      era,
      close: async () => {
        await client.close();
        await server.close();
      },
    };
  }
  const handler = createTripoMcpHttpHandler(factory);
  const client = new Client(
    { name: 'tripokit-mcp-test', version: '1.0.0' },
    { ...clientOptions, versionNegotiation: { mode: { pin: '2026-07-28' } } },
  );
  const transport = new StreamableHTTPClientTransport(new URL('http://127.0.0.1/mcp'), {
    fetch: inProcessFetch(handler),
  });
  await client.connect(transport);
  return {
    client,
    era,
    close: async () => {
      await client.close();
      await handler.close();
    },
  };
}

/** Calls a tool and collects its progress notifications in arrival order. */
export async function callWithProgress(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  options: { signal?: AbortSignal; timeout?: number } = {},
): Promise<{ result: CallToolResult; progress: ReceivedProgress[] }> {
  const progress: ReceivedProgress[] = [];
  const result = (await client.callTool(
    { name, arguments: args },
    {
      onprogress: (p) => progress.push(p as ReceivedProgress),
      resetTimeoutOnProgress: true,
      timeout: options.timeout ?? 60_000,
      signal: options.signal,
    },
  )) as CallToolResult;
  return { result, progress };
}

/** The structured error of an `isError` result (carried in `_meta`, never in `structuredContent`). */
export interface StructuredError {
  code: string;
  message: string;
  suggestion?: string;
  task_id?: string;
  trace_id?: string;
  field?: string;
}

/** The structured error of a failed result. */
export function errorOf(result: CallToolResult): StructuredError {
  expect(result.structuredContent).toBeUndefined();
  return (result._meta as Record<string, unknown>)[ERROR_META_KEY] as StructuredError;
}

/** The text of a result's text items. */
export function textOf(result: CallToolResult): string {
  return result.content
    .filter((item) => item.type === 'text')
    .map((item) => (item as { text: string }).text)
    .join('\n');
}

/** Installs msw once per file and a fresh simulator, clock, folders and factory per test. */
export function useMcpHarness(defaults: Partial<TripoMcpServerOptions> = {}): McpHarness {
  const open: Connection[] = [];
  // Loopback MCP servers of the HTTP tests pass through; anything else would be real network.
  const base = { apiKey: KEY, name: 'mcp', passLoopback: true };
  const harness: McpHarness = useSimulatorHarness(base, async ({ toolOptions, clock, inputDir }) => {
    const imagePath = path.join(inputDir, 'chair.png');
    const pixels = new Uint8Array(16 * 16 * 4).fill(200);
    await writeFile(imagePath, encodePng({ width: 16, height: 16, pixels }));
    const modelPath = path.join(inputDir, 'cube.glb');
    await writeFile(
      modelPath,
      writeGlb(shapeMesh('cube'), { name: 'm', color: [200, 40, 40], metallic: 0, roughness: 1 }),
    );
    const logs: string[] = [];
    const options: TripoMcpServerOptions = {
      ...toolOptions,
      clientOptions: { ...toolOptions.clientOptions, env: {}, webSocket: false },
      allowedInputDirs: [inputDir],
      waitSeconds: 600,
      recentTasks: new RecentTasks(),
      clock,
      logger: captureLogger(logs),
      ...defaults,
    };
    return {
      logs,
      options,
      imagePath,
      modelPath,
      factory: createTripoMcpServer(options),
      configure(extra: Partial<TripoMcpServerOptions>) {
        harness.options = { ...harness.options, ...extra };
        harness.factory = createTripoMcpServer(harness.options);
      },
      async connect(
        era: Era,
        clientOptions?: ClientOptions,
        onRoots?: () => { uri: string; name?: string }[],
      ) {
        const connection = await connectClient(harness.factory, era, clientOptions, onRoots);
        open.push(connection);
        return connection;
      },
    };
  });
  afterEach(async () => {
    for (const connection of open.splice(0)) await connection.close().catch(() => undefined);
  });
  return harness;
}
