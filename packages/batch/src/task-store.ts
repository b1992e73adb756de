import type { RecentTask, RecentTaskUpdate, TaskStore } from '@tripokit/core';
import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX, keyFingerprint } from './keys.js';
import { connectRedis } from './redis.js';

/** Options of {@link RedisTaskStore}. */
export interface RedisTaskStoreOptions {
  /** A Redis URL or an ioredis connection (then not closed by `close`). */
  redis: string | Redis;
  /** Tasks are shared per API key (a task is only visible to the key that made it). Default: env `TRIPO_API_KEY`. */
  apiKey?: string;
  /** How many tasks to keep; the least recently updated go first. Default 500. */
  limit?: number;
  /** How long an entry lives after its last update, in ms. Default 7 days. */
  ttlMs?: number;
  /** Key prefix. Default `tripokit`. */
  prefix?: string;
  /** Time source (epoch ms). Default `Date.now`. */
  now?: () => number;
}

const SUMMARY_MAX = 120;

type TaskRedis = Redis & { tkbRecordTask(key: string, index: string, ...args: string[]): Promise<string> };

/** Merges an update into an entry with the in-memory store's rules, atomically. */
const RECORD = `
local update = cjson.decode(ARGV[1])
local now, limit, ttl, prefix = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5]
local raw = redis.call('GET', KEYS[1])
local prev = raw and cjson.decode(raw) or nil
local entry = { origin = 'observed', status = 'unknown', progress = 0 }
if prev then for k, v in pairs(prev) do entry[k] = v end end
for k, v in pairs(update) do entry[k] = v end
entry.firstSeenAt = prev and prev.firstSeenAt or now
entry.updatedAt = now
if prev and prev.origin == 'started' then entry.origin = 'started' end
if prev and update.progress ~= nil then entry.progress = math.max(prev.progress or 0, update.progress) end
local json = cjson.encode(entry)
redis.call('SET', KEYS[1], json, 'PX', ttl)
redis.call('ZADD', KEYS[2], now, update.taskId)
local n = redis.call('ZCARD', KEYS[2])
if n > limit then
  for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, n - limit - 1)) do redis.call('DEL', prefix .. id) end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - limit - 1)
end
return json
`;

/**
 * The tools' recent-task store in Redis, shared by every replica of a server (e.g. MCP over HTTP behind a load
 * balancer): a task started on one replica is listed, awaited and downloaded on another, with the same merge rules
 * as core's in-memory `RecentTasks` (a started task stays started, progress never goes backwards).
 */
export class RedisTaskStore implements TaskStore {
  readonly #redis: TaskRedis;
  readonly #owned: boolean;
  readonly #entryPrefix: string;
  readonly #index: string;
  readonly #limit: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: RedisTaskStoreOptions) {
    const owned = typeof options.redis === 'string';
    // A store that cannot be reached fails fast (the tools carry on without it) instead of holding a call.
    const redis = owned
      ? connectRedis(options.redis as string, { maxRetriesPerRequest: 1, commandTimeout: 3_000 })
      : (options.redis as Redis);
    redis.defineCommand('tkbRecordTask', { numberOfKeys: 2, lua: RECORD });
    this.#redis = redis as TaskRedis;
    this.#owned = owned;
    const base = `${options.prefix ?? DEFAULT_PREFIX}:tasks:${keyFingerprint(options.apiKey ?? process.env.TRIPO_API_KEY ?? '')}`;
    this.#entryPrefix = `${base}:t:`;
    this.#index = `${base}:index`;
    this.#limit = Math.max(1, Math.floor(options.limit ?? 500));
    this.#ttlMs = options.ttlMs ?? 7 * 24 * 3600_000;
    this.#now = options.now ?? Date.now;
  }

  async record(update: RecentTaskUpdate): Promise<RecentTask> {
    const defined = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
    if (typeof defined.summary === 'string' && defined.summary.length > SUMMARY_MAX) {
      defined.summary = `${defined.summary.slice(0, SUMMARY_MAX - 1)}…`;
    }
    const json = await this.#redis.tkbRecordTask(
      this.#entryPrefix + update.taskId,
      this.#index,
      JSON.stringify(defined),
      String(this.#now()),
      String(this.#limit),
      String(this.#ttlMs),
      this.#entryPrefix,
    );
    return JSON.parse(json) as RecentTask;
  }

  async get(taskId: string): Promise<RecentTask | undefined> {
    const json = await this.#redis.get(this.#entryPrefix + taskId);
    return json === null ? undefined : (JSON.parse(json) as RecentTask);
  }

  async list(options: { limit?: number; origin?: RecentTask['origin'] } = {}): Promise<RecentTask[]> {
    const ids = await this.#redis.zrevrange(this.#index, 0, this.#limit - 1);
    if (ids.length === 0) return [];
    const values = await this.#redis.mget(ids.map((id) => this.#entryPrefix + id));
    const entries = values.flatMap((json) => (json === null ? [] : [JSON.parse(json) as RecentTask]));
    const filtered = options.origin ? entries.filter((entry) => entry.origin === options.origin) : entries;
    return filtered.slice(0, options.limit ?? filtered.length);
  }

  /** Closes the connection the store opened (not one it was given). */
  async close(): Promise<void> {
    if (this.#owned) this.#redis.disconnect();
  }
}
