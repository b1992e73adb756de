import type { McpServerFactory } from '@modelcontextprotocol/server';
import {
  type ServeStdioOptions,
  type StdioServerHandle,
  serveStdio as serveSdkStdio,
} from '@modelcontextprotocol/server/stdio';
import { TripoStdioTransport } from './stdio-transport.js';

export type { ServeStdioOptions, StdioServerHandle };

/**
 * Serves a server factory over stdin/stdout: the MCP SDK's `serveStdio` (both protocol eras, one pinned
 * instance per connection), reading through {@link TripoStdioTransport} unless `options.transport` says
 * otherwise, so an oversized or unreadable message is answered with an error instead of ending the session
 * and losing the answer of a call in flight.
 *
 * @example
 * serveStdio(createTripoMcpServer({ outputDir: './models' }));
 */
export function serveStdio(factory: McpServerFactory, options: ServeStdioOptions = {}): StdioServerHandle {
  return serveSdkStdio(factory, {
    ...options,
    transport: options.transport ?? new TripoStdioTransport(),
  });
}
