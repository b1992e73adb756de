import type { Clock } from '../clock.js';
import { cancelledError, TripoError } from '../errors.js';
import type { ApiRequest, ApiResponse } from './http.js';
import type { Task } from './task.js';
import { BATCH_QUERY_LIMIT, batchRefused, batchRouteMissing, rawTasksById } from './task-list.js';

/** What a {@link TaskBatcher} needs from its client. */
export interface TaskBatcherDeps {
  clock: Clock;
  /** The batch route, e.g. `/tasks/list`. */
  path: string;
  /** How long a new batch collects ids before it queues for a request slot (0: it queues at once). */
  windowMs: number;
  /** Sends a request built only when the scheduler admits it (`HttpClient.requestWhenAdmitted`). */
  send(build: () => ApiRequest | undefined, signal: AbortSignal): Promise<ApiResponse | undefined>;
  /** The individual read, for ids a batch did not answer and for batches that failed. */
  getTask(taskId: string, options: { signal?: AbortSignal }): Promise<Task>;
  /** A raw task from the batch answer, normalised like the individual read would. */
  normalize(raw: unknown, taskId: string): Task;
}

/** One caller waiting for a fresh snapshot of one task. */
interface Entry {
  readonly taskId: string;
  readonly signal: AbortSignal | undefined;
  /** `pending`: not yet in a batch; `sent`: in a batch on the wire; `settled`: answered, or handed on. */
  state: 'pending' | 'sent' | 'settled';
  batch?: Batch;
  resolve(task: Task): void;
  reject(error: unknown): void;
  onAbort(): void;
}

/** One batch request: it owns no ids until the scheduler admits it. */
interface Batch {
  readonly controller: AbortController;
  entries: Entry[];
  /** Entries of this batch still waiting for its answer. */
  live: number;
}

/** After this many batches in a row failed (after their retries), polls are read one by one for a while. */
const FAILURES_BEFORE_PAUSE = 3;
const PAUSE_MS = 60_000;

function abortedRead(taskId: string, signal: AbortSignal): TripoError {
  return cancelledError(`Stopped reading task ${taskId}.`, { taskId, cause: signal.reason });
}

/** How an individual read ended: the task, an error naming this id (unknown or invalid), or anything else. */
type ReadOutcome = 'ok' | 'bad_id' | 'other';

function readOutcome(error: unknown): ReadOutcome {
  return error instanceof TripoError && (error.code === 'not_found' || error.code === 'invalid_request')
    ? 'bad_id'
    : 'other';
}

/**
 * Coalesces the polls of concurrent waits into batch queries (v3 `POST /tasks/list`, at most 100 ids each).
 * A batch takes its ids only when the client's scheduler admits it, so under the rate cap every queued batch
 * keeps filling up while it waits, and a thousand waiters cost a handful of requests per poll round instead
 * of a thousand. Each caller gets its own normalised task. Ids the batch does not answer, and every id of a
 * batch that fails after its retries, are read one by one, so a wrong id still fails only its own caller.
 * A batch refused as a whole (400/1004) is isolated the same way: an id whose own read fails too is kept out of
 * later batches, and batching goes on for the others. One caller giving up never cancels the batch for the
 * others. A missing route, or a refused batch whose every id reads fine alone, ends batching; three failed
 * batches in a row pause it for a minute.
 */
export class TaskBatcher {
  readonly #deps: TaskBatcherDeps;
  /** Ids waiting for a batch, oldest first; several callers may want the same id. */
  readonly #pending = new Map<string, Entry[]>();
  /** Batches collecting or queued for a slot, that have not taken their ids yet. */
  readonly #queued: Batch[] = [];
  /** Batching resumes at this clock time (`Infinity`: never; the route is unusable). */
  #pausedUntil = Number.NEGATIVE_INFINITY;
  #failuresInARow = 0;
  /** Ids a refused batch showed to be bad: always read on their own, so they cannot sink a batch again. */
  readonly #alone = new Set<string>();

  constructor(deps: TaskBatcherDeps) {
    this.#deps = deps;
  }

  /** Reads one task through the next batch (or individually, once the batch route proved unusable). */
  getTask(taskId: string, options: { signal?: AbortSignal } = {}): Promise<Task> {
    if (this.#alone.has(taskId) || this.#deps.clock.now() < this.#pausedUntil) {
      return this.#deps.getTask(taskId, options);
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortedRead(taskId, signal));
    return new Promise<Task>((resolve, reject) => {
      const entry: Entry = {
        taskId,
        signal,
        state: 'pending',
        resolve,
        reject,
        onAbort: () => this.#abandon(entry),
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      const waiting = this.#pending.get(taskId);
      if (waiting) waiting.push(entry);
      else this.#pending.set(taskId, [entry]);
      while (this.#pending.size > this.#queued.length * BATCH_QUERY_LIMIT) void this.#launch();
    });
  }

  async #launch(): Promise<void> {
    const batch: Batch = { controller: new AbortController(), entries: [], live: 0 };
    this.#queued.push(batch);
    const { signal } = batch.controller;
    try {
      if (this.#deps.windowMs > 0) await this.#deps.clock.sleep(this.#deps.windowMs, signal);
      const response = await this.#deps.send(() => this.#take(batch), signal);
      if (response) this.#deliver(batch, response.data);
    } catch (error) {
      if (!signal.aborted) {
        // A batch whose wait for a slot failed still owes its ids a read.
        if (batch.entries.length === 0) this.#take(batch);
        if (batchRefused(error)) {
          void this.#isolate(batch, error);
          return;
        }
        this.#failed(error);
      }
      for (const entry of batch.entries) void this.#readAlone(entry);
    } finally {
      this.#unqueue(batch);
    }
  }

  /** Called when the scheduler admits `batch`: it takes up to 100 waiting ids and becomes a request. */
  #take(batch: Batch): ApiRequest | undefined {
    this.#unqueue(batch);
    if (batch.controller.signal.aborted) return undefined;
    const ids: string[] = [];
    for (const [taskId, entries] of this.#pending) {
      if (ids.length >= BATCH_QUERY_LIMIT) break;
      this.#pending.delete(taskId);
      if (this.#alone.has(taskId)) {
        // Shown bad by a refused batch while these callers waited: it must not sink this batch too.
        for (const entry of entries) void this.#readAlone(entry);
        continue;
      }
      ids.push(taskId);
      for (const entry of entries) {
        entry.state = 'sent';
        entry.batch = batch;
        batch.entries.push(entry);
      }
    }
    batch.live = batch.entries.length;
    if (ids.length === 0) return undefined;
    return {
      method: 'POST',
      path: this.#deps.path,
      json: { task_ids: ids },
      action: `reading ${ids.length} task${ids.length === 1 ? '' : 's'}`,
      signal: batch.controller.signal,
    };
  }

  #deliver(batch: Batch, data: unknown): void {
    const byId = rawTasksById(data);
    if (byId) this.#failuresInARow = 0;
    else this.#pause(Number.POSITIVE_INFINITY);
    for (const entry of batch.entries) {
      const raw = byId?.get(entry.taskId);
      if (raw === undefined) void this.#readAlone(entry);
      else if (entry.state === 'sent') this.#answer(entry, raw);
    }
  }

  /**
   * Settles `entry` with its task, or with the typed error of a task that cannot be normalised: the task is
   * built before the entry is marked settled, so a throw can never leave a wait that nobody will settle.
   */
  #answer(entry: Entry, raw: unknown): void {
    let task: Task;
    try {
      task = this.#deps.normalize(raw, entry.taskId);
    } catch (error) {
      const typed =
        error instanceof TripoError
          ? error
          : new TripoError('server', `Tripo's answer for task ${entry.taskId} could not be read.`, {
              taskId: entry.taskId,
              retryable: true,
              cause: error,
            });
      this.#settle(entry, () => entry.reject(typed));
      return;
    }
    this.#settle(entry, () => entry.resolve(task));
  }

  /**
   * The individual read, for an id the batch did not answer (a real 2001 then fails this caller only). Resolves
   * with how the read ended, or `undefined` when the caller had already been answered.
   */
  #readAlone(entry: Entry): Promise<ReadOutcome> | undefined {
    if (entry.state === 'settled') return undefined;
    let outcome: Promise<ReadOutcome> | undefined;
    this.#settle(entry, () => {
      outcome = this.#deps.getTask(entry.taskId, { signal: entry.signal }).then(
        (task) => {
          entry.resolve(task);
          return 'ok' as const;
        },
        (error: unknown) => {
          entry.reject(error);
          return readOutcome(error);
        },
      );
    });
    return outcome;
  }

  /**
   * A batch refused as a whole: its ids are read one by one. Those whose own read fails with an error naming
   * the id (not found, invalid) stay out of later batches; if every id reads fine alone, the route refuses
   * batches as such and batching ends. Otherwise it counts as one failed batch.
   */
  async #isolate(batch: Batch, error: unknown): Promise<void> {
    const outcomes = await Promise.all(
      batch.entries.map(async (entry) => ({ taskId: entry.taskId, outcome: await this.#readAlone(entry) })),
    );
    const bad = outcomes.filter((o) => o.outcome === 'bad_id').map((o) => o.taskId);
    for (const taskId of bad) this.#alone.add(taskId);
    if (bad.length > 0) return;
    const read = outcomes.filter((o) => o.outcome !== undefined);
    if (read.length > 0 && read.every((o) => o.outcome === 'ok')) this.#pause(Number.POSITIVE_INFINITY);
    else this.#failed(error);
  }

  #settle(entry: Entry, finish: () => void): void {
    entry.state = 'settled';
    entry.signal?.removeEventListener('abort', entry.onAbort);
    finish();
  }

  /** A caller gave up: drop it from the next batch, or stop waiting for the batch it is in. */
  #abandon(entry: Entry): void {
    const signal = entry.signal as AbortSignal;
    if (entry.state === 'pending') {
      const waiting = (this.#pending.get(entry.taskId) ?? []).filter((e) => e !== entry);
      if (waiting.length > 0) this.#pending.set(entry.taskId, waiting);
      else this.#pending.delete(entry.taskId);
      // Batches nobody needs any more leave the queue before they take a request slot.
      while (this.#queued.length > 0 && this.#pending.size <= (this.#queued.length - 1) * BATCH_QUERY_LIMIT) {
        this.#queued.pop()?.controller.abort();
      }
    } else if (entry.state === 'sent' && entry.batch) {
      entry.batch.live -= 1;
      if (entry.batch.live === 0) entry.batch.controller.abort();
    }
    if (entry.state !== 'settled') this.#settle(entry, () => entry.reject(abortedRead(entry.taskId, signal)));
  }

  #failed(error: unknown): void {
    this.#failuresInARow += 1;
    if (batchRouteMissing(error)) this.#pause(Number.POSITIVE_INFINITY);
    else if (this.#failuresInARow >= FAILURES_BEFORE_PAUSE) this.#pause(this.#deps.clock.now() + PAUSE_MS);
  }

  /** Reads everything one by one until `until` (clock time; `Infinity` for good), starting with the waiting ids. */
  #pause(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
    for (const batch of this.#queued.splice(0)) batch.controller.abort();
    const waiting = [...this.#pending.values()].flat();
    this.#pending.clear();
    for (const entry of waiting) void this.#readAlone(entry);
  }

  #unqueue(batch: Batch): void {
    const i = this.#queued.indexOf(batch);
    if (i >= 0) this.#queued.splice(i, 1);
  }
}
