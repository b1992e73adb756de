import {
  type CallToolResult,
  Client,
  StreamableHTTPClientTransport,
  type Transport,
} from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { createTripoMcpHttpHandler } from '../src/index.js';
import { inProcessFetch, type ReceivedProgress, textOf, useMcpHarness } from './harness.js';
import { tapProgress } from './wire-progress.js';

/**
 * A client transport whose reader falls behind, as a client process the machine pauses does: whatever arrives
 * is held until a response comes, then everything is handed on in one go, as one read of a pipe would.
 */
function lateReader(inner: Transport): Transport {
  const held: Parameters<NonNullable<Transport['onmessage']>>[] = [];
  const late: Transport = {
    start: () => inner.start(),
    send: (message, options) => inner.send(message, options),
    close: () => inner.close(),
  };
  inner.onmessage = (message, extra) => {
    held.push([message, extra]);
    if ('result' in message || 'error' in message)
      for (const args of held.splice(0)) late.onmessage?.(...args);
  };
  inner.onclose = () => late.onclose?.();
  inner.onerror = (error) => late.onerror?.(error);
  return late;
}

describe('progress read off the wire (the conformance driver)', () => {
  const h = useMcpHarness();

  it('keeps the last notification when a late reader gets it in the same read as the response', async () => {
    const handler = createTripoMcpHttpHandler(h.factory);
    const transport = lateReader(
      new StreamableHTTPClientTransport(new URL('http://127.0.0.1/mcp'), { fetch: inProcessFetch(handler) }),
    );
    const client = new Client(
      { name: 'late-reader', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(transport);
    const wire = tapProgress(transport);
    const received: ReceivedProgress[] = [];
    const release = wire.expect((notification) => received.push(notification));
    try {
      const result = (await client.callTool(
        { name: 'generate_3d_model', arguments: { prompt: 'a late red fox' } },
        { onprogress: () => {} },
      )) as CallToolResult;
      expect(result.isError, textOf(result)).toBeFalsy();
    } finally {
      release();
      await client.close();
      await handler.close();
    }
    const values = received.map((p) => p.progress);
    expect(values.length).toBeGreaterThan(3);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
    expect(values.at(-1), 'the notification that came with the response').toBe(100);
  });
});
