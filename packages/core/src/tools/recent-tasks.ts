/** What the process remembers about one task: enough to find it again and say where it was. */
export interface RecentTask {
  taskId: string;
  /** Tripo's task type, e.g. `text_to_model`, when known. */
  type?: string;
  /** The tool that started or last observed it, e.g. `create_3d_model_from_text`. */
  tool?: string;
  /** `started` when a tool of this process created it, `observed` when it was only looked up. */
  origin: 'started' | 'observed';
  /** Last known status string (the API's lowercase value, or `queued` right after creation). */
  status: string;
  /** Last known outcome from the status interpretation (`success`, `failed`, `in_progress`, …), when known. */
  outcome?: string;
  /** Last known progress, 0–100. */
  progress: number;
  /** A short reminder of what was asked, e.g. the prompt (at most 120 characters). */
  summary?: string;
  /** Credits estimated at creation, when known. */
  estimatedCredits?: number;
  /** Where the model was saved, once a tool downloaded it. */
  downloadedPath?: string;
  /** Epoch milliseconds of the first record. */
  firstSeenAt: number;
  /** Epoch milliseconds of the last update. */
  updatedAt: number;
}

/** Fields a tool may set when it records a task; `taskId` is required, the rest merge into the entry. */
export type RecentTaskUpdate = Partial<Omit<RecentTask, 'taskId' | 'firstSeenAt' | 'updatedAt'>> & {
  taskId: string;
};

/** Options of {@link RecentTasks}. */
export interface RecentTasksOptions {
  /** How many tasks to keep; the oldest updated ones are dropped first. Default 100. */
  limit?: number;
  /** Time source (epoch ms). Default `Date.now`. */
  now?: () => number;
}

/**
 * Where the tools remember tasks. {@link RecentTasks} keeps them in this process; a host running several
 * replicas (e.g. MCP over HTTP behind a load balancer) passes a shared one, such as `@tripokit/batch`'s Redis
 * store, so a task started on one replica is listed, awaited and downloaded on another. Methods may answer
 * synchronously or with a promise; the tools await them.
 */
export interface TaskStore {
  /** Adds or updates a task, with {@link RecentTasks.record}'s merge rules. */
  record(update: RecentTaskUpdate): RecentTask | Promise<RecentTask>;
  /** The entry of one task, if known. */
  get(taskId: string): RecentTask | undefined | Promise<RecentTask | undefined>;
  /** Tasks, most recently updated first. */
  list(options?: { limit?: number; origin?: RecentTask['origin'] }): RecentTask[] | Promise<RecentTask[]>;
}

/**
 * Records a task in a store, never failing the caller: the tool's own result carries the task id, so a shared
 * store that is briefly unreachable must not turn a created task or a saved file into an error.
 */
export async function rememberTask(store: TaskStore, update: RecentTaskUpdate): Promise<void> {
  try {
    await store.record(update);
  } catch {
    // The store is a convenience (list_recent_tasks); the result the caller gets is the record that matters.
  }
}

const SUMMARY_MAX = 120;

/**
 * A small in-memory list of the tasks this process started or looked at, with their last known status.
 * Every tool that creates or observes a task updates it, so `list_recent_tasks` can hand back an id the
 * caller lost. Nothing is persisted: it lives as long as the process.
 */
export class RecentTasks implements TaskStore {
  readonly #entries = new Map<string, RecentTask>();
  readonly #limit: number;
  readonly #now: () => number;

  constructor(options: RecentTasksOptions = {}) {
    this.#limit = Math.max(1, Math.floor(options.limit ?? 100));
    this.#now = options.now ?? Date.now;
  }

  /** Adds or updates a task. A task once `started` stays `started`; `progress` never goes backwards. */
  record(update: RecentTaskUpdate): RecentTask {
    const now = this.#now();
    const previous = this.#entries.get(update.taskId);
    const defined = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined));
    const merged: RecentTask = {
      origin: 'observed',
      status: 'unknown',
      progress: 0,
      ...previous,
      ...defined,
      taskId: update.taskId,
      firstSeenAt: previous?.firstSeenAt ?? now,
      updatedAt: now,
    };
    if (previous?.origin === 'started') merged.origin = 'started';
    if (previous && update.progress !== undefined) {
      merged.progress = Math.max(previous.progress, update.progress);
    }
    if (merged.summary !== undefined && merged.summary.length > SUMMARY_MAX) {
      merged.summary = `${merged.summary.slice(0, SUMMARY_MAX - 1)}…`;
    }
    // Re-insert so that Map order is "least recently updated first".
    this.#entries.delete(update.taskId);
    this.#entries.set(update.taskId, merged);
    while (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
    return { ...merged };
  }

  /** The entry of one task, if this process has seen it. */
  get(taskId: string): RecentTask | undefined {
    const entry = this.#entries.get(taskId);
    return entry ? { ...entry } : undefined;
  }

  /** Tasks, most recently updated first. */
  list(options: { limit?: number; origin?: RecentTask['origin'] } = {}): RecentTask[] {
    const all = [...this.#entries.values()].reverse();
    const filtered = options.origin ? all.filter((entry) => entry.origin === options.origin) : all;
    return filtered.slice(0, options.limit ?? filtered.length).map((entry) => ({ ...entry }));
  }

  /** How many tasks are remembered. */
  get size(): number {
    return this.#entries.size;
  }

  /** Forgets everything (tests, or a host that starts a new session). */
  clear(): void {
    this.#entries.clear();
  }
}

/** The store shared by every tool context of this process unless a host passes its own. */
export const processRecentTasks: RecentTasks = new RecentTasks();
