import { type TaskStore, TripoError } from '@tripokit/core';
import type { Logger } from './log.js';

/** Environment variable that makes HTTP replicas share their state through Redis. */
export const REDIS_URL_ENV = 'TRIPOKIT_REDIS_URL';

/**
 * With `TRIPOKIT_REDIS_URL` set, the recent-task store (what `list_recent_tasks` lists, with each task's last
 * status and saved file) lives in Redis, shared by every replica behind a load balancer. Without it, `undefined`:
 * the in-process store stays the default. The URL is never logged (it may hold a password).
 */
export async function sharedTaskStore(
  env: NodeJS.ProcessEnv,
  logger: Logger,
): Promise<TaskStore | undefined> {
  const url = env[REDIS_URL_ENV]?.trim();
  if (!url) return undefined;
  // An optional peer: only hosts that share state install it (its queue engine brings native build steps).
  const { RedisTaskStore } = await import('@tripokit/batch/task-store').catch((error: unknown) => {
    throw new TripoError(
      'config',
      `${REDIS_URL_ENV} is set, but @tripokit/batch (the Redis store) is not installed.`,
      {
        suggestion: 'Install it next to @tripokit/mcp (npm install @tripokit/batch), or unset the variable.',
        cause: error,
      },
    );
  });
  logger.info(`Recent tasks are shared with the other replicas through Redis (${REDIS_URL_ENV}).`);
  return new RedisTaskStore({ redis: url, apiKey: env.TRIPO_API_KEY });
}
