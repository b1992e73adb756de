/** Aborts a transfer that has gone quiet: no response, or no new bytes, for `stallMs`. */
export interface StallWatch {
  /** Pass to `fetch`: aborts on a stall or when the caller's own signal aborts. */
  readonly signal: AbortSignal;
  /** Whether the transfer was stopped for going quiet. */
  readonly stalled: boolean;
  /** Passes the body through, counting each chunk as a sign of life. */
  watch(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
  /** Stops watching; call it once the transfer is over. */
  stop(): void;
}

/**
 * Starts watching at once, so a host that never answers counts as stalled too. Silence on the wire is measured
 * in real time, not on an injected clock: a test clock that jumps ahead says nothing about the network.
 */
export function startStallWatch(stallMs: number, signal?: AbortSignal): StallWatch {
  const stall = new AbortController();
  const timer = setTimeout(() => stall.abort(), stallMs);
  timer.unref();
  return {
    signal: signal ? AbortSignal.any([signal, stall.signal]) : stall.signal,
    get stalled() {
      return stall.signal.aborted;
    },
    async *watch(body) {
      // Not every fetch ends its body when the signal aborts, so the watch itself stops reading on a stall.
      const stalled = new Promise<never>((_, reject) => {
        stall.signal.addEventListener('abort', () => reject(new Error('stalled')), { once: true });
      });
      stalled.catch(() => undefined);
      const chunks = body[Symbol.asyncIterator]();
      try {
        for (;;) {
          const next = await Promise.race([chunks.next(), stalled]);
          if (next.done) return;
          timer.refresh();
          yield next.value;
        }
      } finally {
        void chunks.return?.()?.catch(() => undefined);
      }
    },
    stop: () => clearTimeout(timer),
  };
}
