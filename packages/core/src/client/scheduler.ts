import type { Clock } from '../clock.js';
import { cancelledError, type TripoError } from '../errors.js';

/** Caps of a {@link RequestScheduler}. */
export interface SchedulerLimits {
  /** Requests started per second (sliding window). Fractions allowed, e.g. 0.5 = one every 2 s. */
  maxRequestsPerSecond: number;
  /** Requests in flight at once. */
  maxConcurrentRequests: number;
}

/** Live counters of a {@link RequestScheduler}. */
export interface SchedulerStats {
  inFlight: number;
  queued: number;
  /** Highest `inFlight` seen so far. */
  maxInFlight: number;
  /** Requests started so far. */
  started: number;
}

interface Waiter {
  start(): void;
  fail(reason: unknown): void;
}

/**
 * Admits requests under two caps shared by every call of one client: at most N started per second and at most
 * M in flight. Waiting happens on the injected clock, so a fake clock makes queues drain instantly in tests.
 * 1,000 tasks polled at once therefore become a steady trickle rather than a storm.
 */
export class RequestScheduler {
  readonly #clock: Clock;
  readonly #maxConcurrent: number;
  /** Starts allowed per window, and the window length, derived from the per-second cap. */
  readonly #burst: number;
  readonly #windowMs: number;
  readonly #queue: Waiter[] = [];
  readonly #starts: number[] = [];
  #inFlight = 0;
  #maxInFlight = 0;
  #started = 0;
  #waking = false;

  constructor(clock: Clock, limits: SchedulerLimits) {
    this.#clock = clock;
    this.#maxConcurrent = Math.max(1, Math.floor(limits.maxConcurrentRequests));
    this.#burst = Math.max(1, Math.floor(limits.maxRequestsPerSecond));
    this.#windowMs = (this.#burst * 1000) / limits.maxRequestsPerSecond;
  }

  /** Current counters (for tests and diagnostics). */
  get stats(): SchedulerStats {
    return {
      inFlight: this.#inFlight,
      queued: this.#queue.length,
      maxInFlight: this.#maxInFlight,
      started: this.#started,
    };
  }

  /**
   * Runs `task` once a slot is free. If `signal` aborts while waiting, the task never runs and the promise
   * rejects with `TripoError('aborted')`.
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.#admit(signal);
    try {
      return await task();
    } finally {
      this.#inFlight--;
      this.#pump();
    }
  }

  #admit(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedWhileQueued(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#queue.indexOf(waiter);
        if (i >= 0) this.#queue.splice(i, 1);
        reject(abortedWhileQueued(signal as AbortSignal));
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        fail: reject,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#maxConcurrent) {
      const now = this.#clock.now();
      while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - this.#windowMs)
        this.#starts.shift();
      if (this.#starts.length >= this.#burst) {
        this.#wakeAt((this.#starts[0] as number) + this.#windowMs);
        return;
      }
      const waiter = this.#queue.shift() as Waiter;
      this.#starts.push(now);
      this.#inFlight++;
      this.#started++;
      if (this.#inFlight > this.#maxInFlight) this.#maxInFlight = this.#inFlight;
      waiter.start();
    }
  }

  #wakeAt(time: number): void {
    if (this.#waking) return;
    this.#waking = true;
    this.#clock.sleep(Math.max(0, time - this.#clock.now())).then(
      () => {
        this.#waking = false;
        this.#pump();
      },
      (error: unknown) => {
        this.#waking = false;
        for (const waiter of this.#queue.splice(0)) waiter.fail(error);
      },
    );
  }
}

function abortedWhileQueued(signal: AbortSignal): TripoError {
  return cancelledError('The request was cancelled before it was sent.', { cause: signal.reason });
}
