import { createHash, timingSafeEqual } from 'node:crypto';
import { hostHeaderValidationResponse, originValidationResponse } from '@modelcontextprotocol/server';

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

function unauthorized(message: string): Response {
  return Response.json(
    { jsonrpc: '2.0', error: { code: -32001, message }, id: null },
    { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="tripokit-mcp"' } },
  );
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
        if (presented === undefined) return unauthorized('Unauthorized: send Authorization: Bearer <token>.');
        if (!timingSafeEqual(digest(presented), expected))
          return unauthorized('Unauthorized: the bearer token is wrong.');
      }
      return handler.fetch(request);
    },
  };
}
