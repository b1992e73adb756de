import { createHash, timingSafeEqual } from 'node:crypto';
import { hostHeaderValidationResponse, originValidationResponse } from '@modelcontextprotocol/server';
import { TripoError } from '@tripokit/core';

/** The shortest bearer token the server accepts. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Refuses a token too weak to guard the server: blank (often an unset variable expanded into the config) or
 * shorter than {@link MIN_TOKEN_LENGTH} characters. `undefined` (no token) passes.
 */
export function requireUsableToken(token: string | undefined): void {
  if (token === undefined) return;
  const length = token.trim().length;
  if (length >= MIN_TOKEN_LENGTH && length === token.length) return;
  const what =
    length === 0
      ? 'TRIPOKIT_MCP_TOKEN is set but blank'
      : length !== token.length
        ? 'TRIPOKIT_MCP_TOKEN starts or ends with white space'
        : `TRIPOKIT_MCP_TOKEN is too short (${length} characters; at least ${MIN_TOKEN_LENGTH})`;
  throw new TripoError('config', `Refusing to serve MCP over HTTP: ${what}.`, {
    suggestion:
      'Set it to a long random secret, e.g. TRIPOKIT_MCP_TOKEN=$(openssl rand -hex 32), or unset it to serve loopback without a token.',
  });
}

/** A web-standard MCP request handler, the shape `createMcpHandler` returns and `toNodeHandler` takes. */
export interface FetchHandler {
  fetch(request: Request): Promise<Response>;
}

/** What {@link guardHandler} checks before a request reaches the MCP handler. */
export interface HttpGuardOptions {
  /** Hostnames the `Host` header may name (port-agnostic); anything else is refused with 403. */
  allowedHostnames: readonly string[];
  /** Hostnames a browser's `Origin` may name; requests without `Origin` (non-browser clients) pass. */
  allowedOrigins: readonly string[];
  /** When set, every request must carry `Authorization: Bearer <token>`; otherwise 401. */
  token?: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  const match = header === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * A 401 that says what to send. No `WWW-Authenticate: Bearer` challenge: MCP clients read that as "sign in with
 * OAuth" and go looking for an authorization server this server does not have; the token is a static one.
 */
function unauthorized(message: string): Response {
  return Response.json({ jsonrpc: '2.0', error: { code: -32001, message }, id: null }, { status: 401 });
}

/**
 * Puts DNS-rebinding protection (Host and Origin allow-lists) and, when a token is configured, bearer
 * authentication in front of an MCP handler. The token is compared in constant time.
 */
export function guardHandler(handler: FetchHandler, options: HttpGuardOptions): FetchHandler {
  const hostnames = [...options.allowedHostnames];
  const origins = [...options.allowedOrigins];
  const expected = options.token === undefined ? undefined : digest(options.token);
  return {
    fetch: async (request) => {
      const rejected =
        hostHeaderValidationResponse(request, hostnames) ?? originValidationResponse(request, origins);
      if (rejected !== undefined) return rejected;
      if (expected !== undefined) {
        const presented = bearerToken(request);
        if (presented === undefined)
          return unauthorized(
            'Unauthorized: this server uses a static token (TRIPOKIT_MCP_TOKEN), not OAuth. Send it as the header "Authorization: Bearer <token>".',
          );
        if (!timingSafeEqual(digest(presented), expected))
          return unauthorized('Unauthorized: the bearer token is wrong.');
      }
      return handler.fetch(request);
    },
  };
}
