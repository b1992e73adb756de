import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The host part of a `Host` header value, without the port. */
function hostName(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

/**
 * Refuses requests another web page could make through the user's browser: a `Host` that is not this
 * loopback server (DNS rebinding) when bound to loopback, and a cross-origin `Origin` on the routes that act.
 * Returns the reason, or `undefined` when the request may go on.
 */
export function refuseForeign(req: IncomingMessage, loopbackOnly: boolean): string | undefined {
  const host = req.headers.host ?? '';
  if (loopbackOnly && !LOOPBACK_NAMES.has(hostName(host).toLowerCase())) {
    return 'This server answers on loopback only.';
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return 'Bad Origin header.';
    }
    if (originHost !== host) return 'Cross-origin requests are not allowed.';
  } else if (origin === 'null') {
    return 'Cross-origin requests are not allowed.';
  }
  return undefined;
}
