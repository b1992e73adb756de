/** An API answer's body as text, or how far it got before it proved too large. */
export type CappedBody = { ok: true; text: string } | { ok: false; bytes: number; declared: boolean };

/**
 * Reads `response`'s body as text, at most `limit` bytes: a larger body (by its `Content-Length`, or by what
 * arrives) is cancelled, never buffered, so a hostile or broken server cannot make the client hold 200 MB.
 * Rejects like `Response.text()` when the connection breaks or the request's signal aborts mid-body.
 */
export async function readCappedText(response: Response, limit: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, bytes: declared, declared: true };
  }
  const body = response.body;
  if (!body) return { ok: true, text: '' };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, bytes, declared: false };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { ok: true, text: text + decoder.decode() };
}
