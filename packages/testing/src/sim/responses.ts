import type { SimClock } from './clock.js';
import type { DialectAdapter } from './dialects/dialect.js';
import { ApiError } from './errors.js';
import type { FaultBook, FaultKind, FaultTarget } from './faults.js';
import { jsonResponse, rawResponse } from './http.js';

/** A dropped connection: msw turns it into a network error, the HTTP server destroys the socket. */
export function networkError(): Response {
  return Response.error();
}

/**
 * Waits out a `slow` fault matching `target` on the simulator clock. Resolves with a dropped connection when
 * the request is aborted meanwhile, else with nothing (answer normally).
 */
export async function slowFault(
  faults: FaultBook,
  target: FaultTarget,
  clock: SimClock,
  signal: AbortSignal,
): Promise<Response | undefined> {
  const slow = faults.take(target, ['slow']);
  if (slow?.kind !== 'slow') return undefined;
  try {
    await clock.sleep(slow.delayMs, signal);
    return undefined;
  } catch {
    return networkError();
  }
}

/** An error in the dialect's envelope, with its HTTP status and extra headers. */
export function errorResponse(d: DialectAdapter, err: ApiError, traceId: string): Response {
  return jsonResponse(d.error(err, traceId), err.httpStatus, traceId, err.headers);
}

/** The response a request-level fault answers with (undefined for faults handled elsewhere). */
export function faultResponse(fault: FaultKind, d: DialectAdapter, traceId: string): Response | undefined {
  switch (fault.kind) {
    case 'rate-limit': {
      const headers = { 'Retry-After': String(fault.retryAfterSeconds ?? 2) };
      return errorResponse(d, new ApiError(fault.code ?? 2000, undefined, { headers }), traceId);
    }
    case 'server-error':
      return errorResponse(d, new ApiError(1000, undefined, { httpStatus: fault.status ?? 500 }), traceId);
    case 'reset':
      return networkError();
    case 'malformed-json':
      return rawResponse('{"code":0,"data":{"task_id":"', 200, traceId, {
        'content-type': 'application/json',
      });
    case 'html-error': {
      const status = fault.status ?? 502;
      const title = `${status} Bad Gateway`;
      const html = `<!DOCTYPE html><html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`;
      return rawResponse(html, status, traceId, { 'content-type': 'text/html; charset=utf-8' });
    }
    default:
      return undefined;
  }
}

/** Fault kinds that replace the whole answer before a request is processed. */
export const PRE_FAULTS: ReadonlyArray<FaultKind['kind']> = [
  'rate-limit',
  'server-error',
  'reset',
  'malformed-json',
  'html-error',
];
