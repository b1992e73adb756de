/** A redis-server started for one test file or benchmark. */
export interface RedisServer {
  readonly port: number;
  /** Its private data folder (removed by `stop`). */
  readonly dir: string;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the server (SIGTERM, which flushes its append-only file) and starts it again on the same port and data. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** Whether Debian's redis-server is installed (`bash scripts/ensure-redis.sh` installs it). */
export function hasRedisServer(): boolean;

/** Starts redis-server on a free 127.0.0.1 port in a new temporary folder. */
export function startRedisServer(options?: { name?: string }): Promise<RedisServer>;
