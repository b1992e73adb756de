/** Aborts a transfer that has gone quiet: no response, or no new bytes, for `stallMs`. */
export interface StallWatch {
  /** Pass to `fetch`: aborts on a stall or when the caller's own signal aborts. */
  readonly signal: AbortSignal;
  /** Whether the transfer was stopped for going quiet. */
  readonly stalled: boolean;
  /**
   * Reads the body chunk by chunk, counting each as a sign of life. On a stall or an abort the body is
   * cancelled, which ends a pending read at once, and the iteration throws.
   */
  watch(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array>;
  /** Stops watching; call it once the transfer is over. */
  stop(): void;
}

/** Thrown by {@link StallWatch.watch} when the body is cut off by a stall or an abort. */
export class TransferStopped extends Error {
  override readonly name = 'TransferStopped';
}

/**
 * Starts watching at once, so a host that never answers counts as stalled too. Silence on the wire is measured
 * in real time, not on an injected clock: a test clock that jumps ahead says nothing about the network.
 */
export function startStallWatch(stallMs: number, signal?: AbortSignal): StallWatch {
  const stall = new AbortController();
  const timer = setTimeout(() => stall.abort(), stallMs);
  timer.unref();
  const combined = signal ? AbortSignal.any([signal, stall.signal]) : stall.signal;
  return {
    signal: combined,
    get stalled() {
      return stall.signal.aborted;
    },
    async *watch(body) {
      // Not every fetch ends its body when the signal aborts: cancelling the reader ends a pending read for
      // any stream. Nothing here outlives one read, so a chunk is garbage as soon as it has been written.
      const reader = body.getReader();
      const cancel = (): void => {
        reader.cancel(new TransferStopped('stopped')).catch(() => undefined);
      };
      combined.addEventListener('abort', cancel, { once: true });
      let finished = false;
      try {
        for (;;) {
          if (combined.aborted) throw new TransferStopped('stopped');
          const next = await reader.read();
          if (combined.aborted) throw new TransferStopped('stopped');
          if (next.done) {
            finished = true;
            return;
          }
          timer.refresh();
          yield next.value;
        }
      } finally {
        combined.removeEventListener('abort', cancel);
        if (!finished) cancel();
        reader.releaseLock();
      }
    },
    stop: () => clearTimeout(timer),
  };
}
