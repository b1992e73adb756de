import { Redis, type RedisOptions } from 'ioredis';

/** Environment variable naming the Redis server the batch engine (and shared MCP state) uses. */
export const REDIS_URL_ENV = 'TRIPOKIT_REDIS_URL';

/**
 * Opens an ioredis connection suited to BullMQ and to waits that must survive a Redis restart: commands
 * queue while the server is away (no per-command retry limit) and reconnects back off up to 2 s.
 */
export function connectRedis(url: string, options: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    ...options,
  });
  // While the server is away every command waits and is retried, and the reconnects are the recovery; the
  // connection's own error events would only repeat "ECONNREFUSED" on stderr.
  redis.on('error', () => {});
  return redis;
}
