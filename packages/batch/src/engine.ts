import { TripoClient, type TripoClientOptions } from '@tripokit/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { batchKeys, DEFAULT_PREFIX, keyFingerprint } from './keys.js';
import { connectRedis, REDIS_URL_ENV } from './redis.js';
import { BatchStore } from './store.js';

/** Where the engine keeps its state, and which Tripo account it works for. */
export interface BatchConnectionOptions {
  /** A Redis URL or an ioredis connection. Default: env `TRIPOKIT_REDIS_URL`. */
  redis?: string | Redis;
  /**
   * Client options (key, base URL, dialect…). Work is filed per API key and base URL, so workers only ever
   * run jobs queued for the account they hold. Default: the `TRIPO_*` environment variables.
   */
  clientOptions?: TripoClientOptions;
  /** Prefix of every Redis key (BullMQ's included). Default `tripokit`. */
  prefix?: string;
}

/** What the queue side and the worker side share. */
export interface BatchEngine {
  readonly redis: Redis;
  readonly store: BatchStore;
  readonly queue: Queue;
  readonly clientOptions: TripoClientOptions;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Resolves the Redis URL from options or `TRIPOKIT_REDIS_URL`, or throws a config error naming the variable. */
export function resolveRedis(redis: string | Redis | undefined, env = process.env): string | Redis {
  const resolved = redis ?? env[REDIS_URL_ENV]?.trim();
  if (resolved === undefined || resolved === '') {
    throw new Error(
      `No Redis server given: pass redis (a URL such as redis://127.0.0.1:6379) or set ${REDIS_URL_ENV}.`,
    );
  }
  return resolved;
}

/** Opens the store and BullMQ queue of one API key. A Redis URL gets its own connection, closed by `close`. */
export function openBatchEngine(options: BatchConnectionOptions = {}): BatchEngine {
  // Resolving the client settings checks the key (a config error without one) and the base URL; nothing is sent.
  const probe = new TripoClient(options.clientOptions);
  const apiKey =
    options.clientOptions?.apiKey ?? (options.clientOptions?.env ?? process.env).TRIPO_API_KEY ?? '';
  const keys = batchKeys(keyFingerprint(`${apiKey}@${probe.baseUrl}`), options.prefix ?? DEFAULT_PREFIX);
  const given = resolveRedis(options.redis);
  const owned = typeof given === 'string';
  const redis = owned ? connectRedis(given) : given;
  const store = new BatchStore(redis, keys);
  const queue = new Queue(keys.queueName, { connection: redis, prefix: keys.bullPrefix });
  queue.on('error', () => {});
  return {
    redis,
    store,
    queue,
    clientOptions: options.clientOptions ?? {},
    baseUrl: probe.baseUrl,
    async close() {
      await queue.close();
      if (owned) redis.disconnect();
    },
  };
}
