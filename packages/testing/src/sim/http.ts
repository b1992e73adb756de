import { ApiError } from './errors.js';

/** Header every simulated response carries (a UUID per request). */
export const TRACE_HEADER = 'X-Tripo-Trace-ID';

/** A JSON response with the trace header. */
export function jsonResponse(
  body: unknown,
  status: number,
  traceId: string,
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', [TRACE_HEADER]: traceId, ...headers },
  });
}

/** A plain response (any body) with the trace header. */
export function rawResponse(
  body: BodyInit | null,
  status: number,
  traceId: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { [TRACE_HEADER]: traceId, ...headers } });
}

/**
 * Reads a request body, refusing more than `limit` bytes (checked on `Content-Length` first, then while
 * streaming). Returns null when the body is too large. The rest of an oversized body is left unread rather
 * than cancelled: cancelling an intercepted msw body never settles, and the HTTP server drains it itself.
 */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      reader.releaseLock();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Outcome of reading a JSON object body. */
export type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false; error: ApiError };

/** Reads and parses a JSON object body; every failure becomes a 1003 error (413 when too large). */
export async function readJsonObject(request: Request, limit: number): Promise<JsonBody> {
  let bytes: Uint8Array | null;
  try {
    bytes = await readLimited(request, limit);
  } catch {
    return { ok: false, error: new ApiError(1003, 'It could not be read.') };
  }
  if (bytes === null) {
    return { ok: false, error: new ApiError(1003, `It is larger than ${limit} bytes.`, { httpStatus: 413 }) };
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return { ok: false, error: new ApiError(1003, 'It is empty.') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: new ApiError(1003, 'It is not valid JSON.') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: new ApiError(1003, 'It must be a JSON object.') };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
