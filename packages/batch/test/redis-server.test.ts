import { existsSync } from 'node:fs';
import { hasRedisServer, type RedisServer, startRedisServer } from '@tripokit/testing/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../src/index.js';

describe.skipIf(!hasRedisServer())('a private redis-server for tests', () => {
  let a: RedisServer;
  let b: RedisServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startRedisServer({ name: 'a' }), startRedisServer({ name: 'b' })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('gives each caller its own loopback port and data', async () => {
    expect(a.port).not.toBe(b.port);
    expect(a.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const ra = connectRedis(a.url);
    const rb = connectRedis(b.url);
    try {
      await ra.set('who', 'a');
      expect(await rb.get('who')).toBeNull();
    } finally {
      ra.disconnect();
      rb.disconnect();
    }
  });

  it('keeps its keys across a restart, and a connection comes back by itself', async () => {
    const redis = connectRedis(a.url);
    try {
      await redis.set('kept', '1');
      await a.restart({ downMs: 200 });
      expect(await redis.get('kept')).toBe('1');
    } finally {
      redis.disconnect();
    }
  });

  it('removes its folder when stopped', async () => {
    const c = await startRedisServer({ name: 'c' });
    expect(existsSync(c.dir)).toBe(true);
    await c.stop();
    expect(existsSync(c.dir)).toBe(false);
  });
});
