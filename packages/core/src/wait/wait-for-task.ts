import { type Deadline, startDeadline } from '../client/deadline.js';
import type { Task } from '../client/task.js';
import { cancelledError, type TripoError, TripoWaitTimeoutError, withTaskId } from '../errors.js';
import { MAX_POLL_DELAY_MS } from '../status/poll-delay.js';
import { PollPlanner } from './poll-planner.js';
import { ProgressReporter } from './progress-reporter.js';
import type { WaitDeps, WaitOptions } from './types.js';

/** How long {@link waitForTask} waits by default before reporting "still going, here is the id". */
export const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60_000;

/** A push channel silent for this long gets a confirming poll, so a stalled socket cannot stall the wait. */
const WATCH_SILENCE_MS = MAX_POLL_DELAY_MS;

function abortedError(taskId: string, cause: unknown): TripoError {
  return cancelledError(`Stopped waiting for task ${taskId}; the task itself goes on at Tripo.`, {
    taskId,
    suggestion: `Wait for task ${taskId} again, or check its status later.`,
    cause,
  });
}

/** One wait: its deadline, what it has seen, and how it reports. */
class Waiter {
  readonly #deps: WaitDeps;
  readonly #taskId: string;
  readonly #options: WaitOptions;
  readonly #start: number;
  readonly #deadline: number;
  readonly #reporter: ProgressReporter;
  readonly #planner = new PollPlanner();
  /** The caller's signal combined with the deadline: it cuts in-flight reads, retries and sleeps. */
  readonly #cutoff: Deadline;
  #unknownSince: number | undefined;
  lastTask: Task | undefined;

  constructor(deps: WaitDeps, taskId: string, options: WaitOptions) {
    this.#deps = deps;
    this.#taskId = taskId;
    this.#options = options;
    this.#start = deps.clock.now();
    const timeoutMs = Math.max(0, options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS);
    this.#deadline = this.#start + timeoutMs;
    this.#cutoff = startDeadline(deps.clock, timeoutMs, options.signal);
    this.#reporter = new ProgressReporter(options.onProgress);
  }

  /** Whether the deadline (not the caller) ended the wait. */
  get expired(): boolean {
    return this.#cutoff.expired;
  }

  /** Stops the deadline's timer. */
  dispose(): void {
    this.#cutoff.clear();
  }

  /** Records a snapshot; true when it is the answer. */
  observe(task: Task): boolean {
    const now = this.#deps.clock.now();
    this.lastTask = task;
    if (task.status === 'unknown') this.#unknownSince ??= now;
    else this.#unknownSince = undefined;
    this.#planner.observe(task, now);
    const interpretation = this.#reporter.observe(task, {
      elapsedMs: this.#unknownSince === undefined ? undefined : now - this.#unknownSince,
      unknownGraceMs: this.#options.unknownGraceMs,
    });
    return interpretation.terminal;
  }

  async poll(): Promise<boolean> {
    return this.observe(await this.#deps.getTask(this.#taskId, { signal: this.#cutoff.signal }));
  }

  msLeft(): number {
    return this.#deadline - this.#deps.clock.now();
  }

  timeout(): TripoWaitTimeoutError {
    return new TripoWaitTimeoutError(this.#taskId, this.lastTask, this.#deps.clock.now() - this.#start);
  }

  nextDelay(): number {
    const task = this.lastTask;
    const delay = task ? this.#planner.nextDelay(task, this.#deps.random ?? Math.random) : MAX_POLL_DELAY_MS;
    return Math.max(0, Math.min(delay, this.msLeft()));
  }

  async pollUntilDone(): Promise<Task> {
    for (;;) {
      if (this.msLeft() <= 0) throw this.timeout();
      await this.#deps.clock.sleep(this.nextDelay(), this.#cutoff.signal);
      if (await this.poll()) return this.lastTask as Task;
    }
  }

  /** Follows the push channel; true when it delivered the answer, false to fall back to polling. */
  async followWatch(watch: NonNullable<WaitDeps['watch']>): Promise<boolean> {
    const outer = this.#cutoff.signal;
    const stopWatch = new AbortController();
    const forwardAbort = (): void => stopWatch.abort(outer?.reason);
    outer?.addEventListener('abort', forwardAbort, { once: true });

    const inbox: Task[] = [];
    let ended = false;
    let wake: (() => void) | undefined;
    const notify = (): void => {
      wake?.();
      wake = undefined;
    };
    const watching = Promise.resolve()
      .then(() =>
        watch(
          this.#taskId,
          (task) => {
            inbox.push(task);
            notify();
          },
          stopWatch.signal,
        ),
      )
      .catch(() => undefined)
      .finally(() => {
        ended = true;
        notify();
      });

    try {
      for (;;) {
        for (let task = inbox.shift(); task; task = inbox.shift()) {
          if (this.observe(task)) return true;
        }
        if (ended || this.msLeft() <= 0) return false;
        const delivered = new Promise<void>((resolve) => {
          wake = resolve;
        });
        const stopSleep = new AbortController();
        const onOuterAbort = (): void => stopSleep.abort(outer?.reason);
        outer?.addEventListener('abort', onOuterAbort, { once: true });
        try {
          const silent = await Promise.race([
            delivered.then(() => false),
            this.#deps.clock
              .sleep(Math.min(WATCH_SILENCE_MS, this.msLeft()), stopSleep.signal)
              .then(() => true),
          ]);
          if (silent && (await this.poll())) return true;
        } finally {
          outer?.removeEventListener('abort', onOuterAbort);
          stopSleep.abort();
        }
      }
    } finally {
      outer?.removeEventListener('abort', forwardAbort);
      stopWatch.abort();
      await watching;
    }
  }
}

/**
 * Waits until a task is final and resolves with it, whatever the outcome: a failed, banned or expired
 * task is an answer, not an error (read it with `interpretTask`). An `unknown` status is polled for a
 * bounded time, then returned as it is.
 *
 * Polls adaptively (a fraction of the task's own time estimate, or of one derived from its progress
 * rate, 1–15 s with jitter), or follows `deps.watch` when given, with polling as the fallback.
 *
 * The deadline is kept whatever the API does: it is combined into the signal of every read (and its retries
 * and back-off), so a silent API cannot hold the wait past it.
 *
 * Rejects only with `TripoWaitTimeoutError` (carrying the last task seen) at the deadline, with
 * `TripoError('aborted')` when `signal` aborts (the Tripo task goes on), or with the typed error of a
 * `getTask` call that its own retries could not cure.
 */
export async function waitForTask(deps: WaitDeps, taskId: string, options: WaitOptions = {}): Promise<Task> {
  const signal = options.signal;
  if (signal?.aborted) throw abortedError(taskId, signal.reason);
  const waiter = new Waiter(deps, taskId, options);
  try {
    if (await waiter.poll()) return waiter.lastTask as Task;
    if (deps.watch && (await waiter.followWatch(deps.watch))) return waiter.lastTask as Task;
    return await waiter.pollUntilDone();
  } catch (error) {
    if (signal?.aborted) throw abortedError(taskId, error);
    // The deadline cut a read, a retry or a sleep: that is the time-out, whatever the cut call threw.
    if (waiter.expired) throw waiter.timeout();
    throw withTaskId(error, taskId);
  } finally {
    waiter.dispose();
  }
}
