import type { Task } from '../client/task.js';
import type { Clock } from '../clock.js';
import type { TaskInterpretation } from '../status/interpret.js';

/**
 * Reads one task, fresh; the client's `getTask` (or, on v3, its batched read that shares one `POST /tasks/list`
 * among concurrent waits), with its retries and typed errors.
 */
export type GetTask = (taskId: string, options: { signal?: AbortSignal }) => Promise<Task>;

/**
 * Pushes updates of one task to `onTask` until the task is final, the stream ends or `signal` aborts.
 * Resolves when the stream ends, rejects when it fails; either way the waiter falls back to polling
 * unless it has already seen a final status.
 */
export type TaskWatch = (taskId: string, onTask: (task: Task) => void, signal: AbortSignal) => Promise<void>;

/** What {@link waitForTask} needs from its surroundings. */
export interface WaitDeps {
  getTask: GetTask;
  clock: Clock;
  /** Source of jitter in [0, 1); inject a fixed one in tests. Default `Math.random`. */
  random?: () => number;
  /** A push channel (the v2 WebSocket); polling is used when absent or when it fails. */
  watch?: TaskWatch;
}

/** Receives every change of status or progress, in order, never with lower progress than before. */
export type WaitProgressListener = (task: Task, interpretation: TaskInterpretation) => void | Promise<void>;

/** Options of {@link waitForTask}. */
export interface WaitOptions {
  onProgress?: WaitProgressListener;
  /** Stops waiting (not the task) when aborted. */
  signal?: AbortSignal;
  /** Give up waiting after this many ms with a `TripoWaitTimeoutError`. Default 10 minutes. */
  timeoutMs?: number;
  /** How long an `unknown` status is polled before it is returned as the result. Default 5 minutes. */
  unknownGraceMs?: number;
}
