import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BatchStore } from './store.js';
import { DEFAULT_LIMITS } from './store.js';

/** A token taken ahead of a call, spent by that call's first request (see {@link RedisRateLimiter.withToken}). */
interface PrepaidToken {
  available: boolean;
}

/**
 * One request-rate cap for every worker of an API key, on any number of machines: a token bucket in Redis
 * (GCRA on Redis's own clock), configured by the shared limits hash.
 */
export class RedisRateLimiter {
  readonly #store: BatchStore;
  readonly #prepaid = new AsyncLocalStorage<PrepaidToken>();

  constructor(store: BatchStore) {
    this.#store = store;
  }

  /** Resolves when one more API request may be sent. */
  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = await this.#store.redis.tkbTakeRateToken(
        this.#store.keys.rateBucket,
        this.#store.keys.limits,
        String(DEFAULT_LIMITS.requestsPerSecond),
        String(DEFAULT_LIMITS.burst),
      );
      if (waitMs <= 0) return;
      await sleep(Math.min(waitMs, 1000), undefined, signal ? { signal } : undefined);
    }
  }

  /**
   * Takes a token now and runs `call`, whose first API request then spends it instead of queueing for another.
   * Used for creates: a create must not wait for Redis between the client's time-out starting and the request
   * leaving, or a slow limiter would turn into a time-out whose outcome looks unknown.
   */
  async withToken<T>(call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.take(signal);
    return this.#prepaid.run({ available: true }, call);
  }

  /**
   * Wraps a fetch so that every Tripo API request (the ones that carry the `Authorization` header) takes a token
   * first. File downloads and presigned uploads, which never carry it, are not Tripo API calls and go straight.
   */
  wrapFetch(inner: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      if (hasAuthorization(input, init)) {
        const prepaid = this.#prepaid.getStore();
        if (prepaid?.available) prepaid.available = false;
        else await this.take(init?.signal ?? undefined);
      }
      return inner(input, init);
    };
  }
}

function hasAuthorization(input: Parameters<typeof fetch>[0], init: Parameters<typeof fetch>[1]): boolean {
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  return headers.has('authorization');
}
