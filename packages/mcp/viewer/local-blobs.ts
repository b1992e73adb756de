/**
 * Answers `fetch()` of the `blob:` URLs this page made, from memory.
 *
 * model-viewer (three.js) loads a model, and the textures inside it, with `fetch()` even when the bytes are
 * already in the page as a Blob. Under the CSP of MCP Apps hosts (`connect-src 'none'` by default, and this
 * page declares no domain) the browser refuses such a fetch, even of a `blob:` URL. The Blob is at hand, so
 * it is served directly: no request is made at all. Every other fetch goes to the browser unchanged.
 */
export function serveLocalBlobs(): void {
  const blobs = new Map<string, Blob>();
  const createObjectURL = URL.createObjectURL.bind(URL);
  const revokeObjectURL = URL.revokeObjectURL.bind(URL);
  URL.createObjectURL = (object: Blob | MediaSource): string => {
    const url = createObjectURL(object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  URL.revokeObjectURL = (url: string): void => {
    blobs.delete(url);
    revokeObjectURL(url);
  };
  const browserFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const blob = blobs.get(url);
    if (blob === undefined) return browserFetch(input, init);
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const headers = {
      'Content-Type': blob.type || 'application/octet-stream',
      'Content-Length': `${blob.size}`,
    };
    return Promise.resolve(new Response(blob, { status: 200, headers }));
  };
}
