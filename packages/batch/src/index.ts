/**
 * `@tripokit/batch`: a durable batch engine for Tripo on BullMQ/Redis.
 * Any new export added here becomes public API: named exports only.
 */

export { connectRedis, REDIS_URL_ENV } from './redis.js';
