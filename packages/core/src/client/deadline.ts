import type { Clock } from '../clock.js';

/** A time limit on one call, kept on the client's clock. */
export interface Deadline {
  /** Aborts when the time is up, or when the caller's own signal aborts. */
  readonly signal: AbortSignal;
  /** Whether the time ran out. */
  readonly expired: boolean;
  /** Stops the timer; call it once the call is over. */
  clear(): void;
}

/** Starts a deadline of `ms` on `clock`, combined with the caller's `signal` if there is one. */
export function startDeadline(clock: Clock, ms: number, signal?: AbortSignal): Deadline {
  const timeout = new AbortController();
  const finished = new AbortController();
  clock.sleep(ms, finished.signal).then(
    () => timeout.abort(),
    () => undefined,
  );
  return {
    signal: signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal,
    get expired() {
      return timeout.signal.aborted;
    },
    clear: () => finished.abort(),
  };
}
