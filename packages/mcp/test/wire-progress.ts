import type { Transport } from '@modelcontextprotocol/client';
import type { ReceivedProgress } from './harness.js';

type ProgressToken = string | number;

function isToken(value: unknown): value is ProgressToken {
  return typeof value === 'string' || typeof value === 'number';
}

/**
 * Progress notifications of each tool call as they come off the wire. The SDK client hands a notification to
 * `onprogress` a microtask after it arrives but settles a response at once, dropping the call's progress
 * handler: when a paused client reads the last notification and the response in one go (a loaded machine),
 * `onprogress` never sees that notification. Read here, before the SDK, every one counts, in wire order.
 * Install it after `client.connect(transport)`. `expect` gives the sink of the next `tools/call` sent (which
 * must ask for progress), until the returned function releases it.
 */
export function tapProgress(transport: Transport): {
  expect(sink: (notification: ReceivedProgress) => void): () => void;
} {
  type Sink = (notification: ReceivedProgress) => void;
  const waiting: Sink[] = [];
  const byToken = new Map<ProgressToken, Sink>();
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const { method, params } = message as {
      method?: string;
      params?: { _meta?: { progressToken?: unknown } };
    };
    if (method === 'tools/call') {
      const sink = waiting.shift();
      const token = params?._meta?.progressToken;
      if (sink !== undefined && isToken(token)) byToken.set(token, sink);
    }
    return send(message, options);
  };
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    const { method, params } = message as { method?: string; params?: { progressToken?: unknown } };
    if (method === 'notifications/progress' && isToken(params?.progressToken)) {
      byToken.get(params.progressToken)?.(params as ReceivedProgress);
    }
    deliver?.(message, extra);
  };
  return {
    expect(sink) {
      waiting.push(sink);
      return () => {
        const at = waiting.indexOf(sink);
        if (at >= 0) waiting.splice(at, 1);
        for (const [token, s] of byToken) if (s === sink) byToken.delete(token);
      };
    },
  };
}
