import { fileURLToPath } from 'node:url';
import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type McpServer,
  type Root,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { TripoToolCallError } from '@tripokit/core';
import { describeError, type Logger } from './log.js';

const ROOTS_TIMEOUT_MS = 5_000;
/** The key of the roots request inside a 2026-era `input_required` result. */
const ROOTS_INPUT_KEY = 'tripokit_roots';

/** How an instance may learn the client's roots. */
export type RootsAccess =
  /** A 2025-era connection (stdio): ask with `roots/list`, once and after each list change. */
  | 'request'
  /** A 2026-era request: ask in-band, with an `input_required` result the client answers on its retry. */
  | 'input-required'
  /** Not at all: stateless 2025-era HTTP cannot carry the answer back, and a remote client's roots are not ours. */
  | 'none';

function directoriesOf(roots: readonly Root[]): string[] {
  return roots.filter((root) => root.uri.startsWith('file://')).map((root) => fileURLToPath(root.uri));
}

/**
 * The client's MCP roots (`file://` only) as folders local input files may be read from, when the client declared
 * the `roots` capability. On a 2025-era connection they are asked once and again after
 * `notifications/roots/list_changed`; on a 2026-era request they come with the call itself, after the server
 * asked for them in an `input_required` result. Never an error: without roots, the configured folders apply.
 */
export class ClientRoots {
  private cached: Promise<string[]> | undefined;

  constructor(
    private readonly server: McpServer,
    private readonly logger: Logger,
    private readonly access: RootsAccess,
  ) {
    if (access !== 'request') return;
    server.server.setNotificationHandler('notifications/roots/list_changed', () => {
      this.cached = undefined;
    });
  }

  /** Absolute folders the client shared for this call, or `[]`. */
  async directories(ctx: ServerContext): Promise<string[]> {
    if (this.access === 'input-required') {
      const answer = inputResponse(ctx.mcpReq.inputResponses, ROOTS_INPUT_KEY);
      return answer.kind === 'roots' ? directoriesOf(answer.roots) : [];
    }
    if (this.access === 'none') return [];
    this.cached ??= this.fetch();
    return this.cached;
  }

  /**
   * After a call failed on a local file outside the allowed folders, before anything was started (`error`), on a
   * 2026-era request whose client has roots it has not sent yet: the result that asks for them, so the client
   * calls again with its roots. `undefined` when there is nothing to ask.
   */
  askAfter(error: TripoToolCallError, ctx: ServerContext): InputRequiredResult | undefined {
    if (error.code !== 'file_access' || error.taskId) return undefined;
    if (this.access !== 'input-required' || this.capabilities(ctx)?.roots === undefined) return undefined;
    if (inputResponse(ctx.mcpReq.inputResponses, ROOTS_INPUT_KEY).kind !== 'missing') return undefined;
    this.logger.info('A local file is outside the allowed folders; asking the client for its roots.');
    return inputRequired({ inputRequests: { [ROOTS_INPUT_KEY]: inputRequired.listRoots() } });
  }

  /** What the client declared: per request on the 2026 era (its envelope), at initialize before. */
  private capabilities(ctx: ServerContext): ClientCapabilities | undefined {
    const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
    return (
      (envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ??
      this.server.server.getClientCapabilities()
    );
  }

  private async fetch(): Promise<string[]> {
    if (this.server.server.getClientCapabilities()?.roots === undefined) return [];
    try {
      const { roots } = await this.server.server.listRoots(undefined, { timeout: ROOTS_TIMEOUT_MS });
      return directoriesOf(roots);
    } catch (error) {
      // A client may time out or refuse.
      this.logger.info(
        `Client roots unavailable (${describeError(error)}); using TRIPOKIT_ALLOWED_INPUT_DIRS only.`,
      );
      this.cached = Promise.resolve([]);
      return [];
    }
  }
}
