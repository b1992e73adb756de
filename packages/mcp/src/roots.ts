import { fileURLToPath } from 'node:url';
import type { McpServer } from '@modelcontextprotocol/server';
import { describeError, type Logger } from './log.js';

const ROOTS_TIMEOUT_MS = 5_000;

/**
 * The client's MCP roots (`file://` only) as folders local input files may be read from. Asked once per
 * connection and again after `notifications/roots/list_changed`. Only 2025-era connections whose client
 * declared the `roots` capability can answer; everywhere else this is an empty list, never an error.
 */
export class ClientRoots {
  private cached: Promise<string[]> | undefined;

  /** `modern`: a 2026-07-28 instance, which cannot ask the client anything, so it never tries. */
  constructor(
    private readonly server: McpServer,
    private readonly logger: Logger,
    era: 'legacy' | 'modern' = 'legacy',
  ) {
    if (era === 'modern') {
      this.cached = Promise.resolve([]);
      return;
    }
    server.server.setNotificationHandler('notifications/roots/list_changed', () => {
      this.cached = undefined;
    });
  }

  /** Absolute folders the client shared, or `[]`. */
  directories(): Promise<string[]> {
    this.cached ??= this.fetch();
    return this.cached;
  }

  private async fetch(): Promise<string[]> {
    if (this.server.server.getClientCapabilities()?.roots === undefined) return [];
    try {
      const { roots } = await this.server.server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS });
      return roots.filter((root) => root.uri.startsWith('file://')).map((root) => fileURLToPath(root.uri));
    } catch (error) {
      // A modern-era connection has no server-to-client requests; a client may also time out or refuse.
      this.logger.info(
        `Client roots unavailable (${describeError(error)}); using TRIPOKIT_ALLOWED_INPUT_DIRS only.`,
      );
      this.cached = Promise.resolve([]);
      return [];
    }
  }
}
