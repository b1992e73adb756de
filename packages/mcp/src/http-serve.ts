import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, type McpServerFactory } from '@modelcontextprotocol/server';
import { TripoError } from '@tripokit/core';
import { allowedHostnamesFor, isLoopbackHost } from './hosts.js';
import { type FetchHandler, guardHandler, requireUsableToken } from './http-guard.js';
import { InFlightCalls } from './in-flight.js';
import { describeError, type Logger, silentLogger } from './log.js';
import type { TripoHttpServing, TripoMcpRequestContext } from './server.js';

/** The path the MCP endpoint is served on. */
export const MCP_HTTP_PATH = '/mcp';

/** Options of {@link createTripoMcpHttpHandler}. */
export interface TripoMcpHttpHandlerOptions {
  /** Hostnames `Host`/`Origin` may name; the loopback names when omitted. */
  allowedHostnames?: readonly string[];
  /** Bearer token every request must carry (`TRIPOKIT_MCP_TOKEN`); at least 16 characters. */
  token?: string;
  /**
   * Whether the client's MCP roots may add folders local files are read from (2026-era clients, asked in-band
   * when a path is outside the allowed folders). Only for clients on this machine; default `false`.
   */
  clientRoots?: boolean;
  logger?: Logger;
}

/** A guarded, stateless Streamable HTTP handler: web-standard `fetch`, plus `close`. */
export interface TripoMcpHttpHandler extends FetchHandler {
  close(): Promise<void>;
}

/**
 * The stateless Streamable HTTP endpoint (`createMcpHandler`: 2026-07-28 clients, and 2025 clients through
 * the stateless fallback) behind the Host/Origin guards and the optional bearer token, answering on
 * {@link MCP_HTTP_PATH} only. Usable without a socket, e.g. by a client with a custom `fetch`.
 *
 * Each request gets a fresh instance, so the handler gives every instance what a connection would have: the
 * calls in flight in this process (a `notifications/cancelled` sent on its own request aborts the call it
 * names), whether client roots may be used, and a relay of output-folder changes to `subscriptions/listen`
 * streams. Cancelling by request id works within one process; behind several replicas, clients cancel by
 * closing the call's response stream.
 */
export function createTripoMcpHttpHandler(
  factory: McpServerFactory | ((context: TripoMcpRequestContext) => ReturnType<McpServerFactory>),
  options: TripoMcpHttpHandlerOptions = {},
): TripoMcpHttpHandler {
  requireUsableToken(options.token);
  const logger = options.logger ?? silentLogger;
  const serving: TripoHttpServing = {
    inFlight: new InFlightCalls(),
    clientRoots: options.clientRoots ?? false,
    resourcesChanged: () => mcp.notify.resourcesChanged(),
  };
  const mcp = createMcpHandler((context) => factory({ ...context, tripokit: serving }), {
    onerror: (error) => logger.warn(`HTTP: ${describeError(error)}`),
  });
  const hostnames = options.allowedHostnames ?? allowedHostnamesFor('127.0.0.1');
  const guarded = guardHandler(mcp, {
    allowedHostnames: hostnames,
    allowedOrigins: hostnames,
    token: options.token,
  });
  return {
    fetch: async (request) => {
      if (new URL(request.url).pathname !== MCP_HTTP_PATH) {
        return Response.json({ error: `Not found: the MCP endpoint is ${MCP_HTTP_PATH}.` }, { status: 404 });
      }
      return guarded.fetch(request);
    },
    close: () => mcp.close(),
  };
}

/** Options of {@link serveHttp}. */
export interface ServeHttpOptions {
  /** Address to bind; `127.0.0.1` by default. Anything but loopback requires `token`. */
  host?: string;
  /** Port; `0` picks a free one (see {@link RunningHttpServer.url}). Default 3000. */
  port?: number;
  /** Bearer token; required when `host` is not loopback, enforced on every request when set. */
  token?: string;
  /** Extra hostnames clients may use in `Host`/`Origin` (e.g. a DNS name for a LAN bind). */
  allowedHosts?: readonly string[];
  logger?: Logger;
}

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** The endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  url: string;
  close(): Promise<void>;
}

function formatUrl(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}${MCP_HTTP_PATH}`;
}

/**
 * Serves the factory over Streamable HTTP on `host:port`. Refuses (throws a `config` {@link TripoError})
 * to bind anything but loopback without a bearer token.
 */
export async function serveHttp(
  factory: McpServerFactory,
  options: ServeHttpOptions = {},
): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token;
  requireUsableToken(token);
  if (!isLoopbackHost(host) && token === undefined) {
    throw new TripoError('config', `Refusing to serve MCP over HTTP on ${host} without a bearer token.`, {
      suggestion:
        'Set TRIPOKIT_MCP_TOKEN to a long random secret (clients send it as "Authorization: Bearer <token>"), or bind to 127.0.0.1.',
    });
  }
  const logger = options.logger ?? silentLogger;
  const handler = createTripoMcpHttpHandler(factory, {
    allowedHostnames: allowedHostnamesFor(host, options.allowedHosts),
    token,
    clientRoots: isLoopbackHost(host),
    logger,
  });
  const server = createServer(
    toNodeHandler(handler, { onerror: (error) => logger.warn(`HTTP: ${describeError(error)}`) }),
  );
  // `once` rejects with the server's 'error' (e.g. EADDRINUSE) if that comes first.
  await once(server.listen(options.port ?? 3000, host), 'listening');
  const address = server.address() as AddressInfo;
  return {
    url: formatUrl(address),
    close: async () => {
      await handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
