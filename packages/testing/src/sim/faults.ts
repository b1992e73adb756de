import type { TaskType } from './task-types.js';
import type { Dialect } from './types.js';

/** The kinds of request the simulator tells apart, for matching faults. */
export type RouteKind = 'create' | 'query' | 'list' | 'balance' | 'upload' | 'download';

/** What goes wrong. */
export type FaultKind =
  /** HTTP 429 with `Retry-After` and code 2000 (generation limit, default) or 1007 (request rate). */
  | { kind: 'rate-limit'; code?: 2000 | 1007; retryAfterSeconds?: number }
  /** HTTP 500/502/503 with the dialect's error envelope (code 1000). */
  | { kind: 'server-error'; status?: 500 | 502 | 503 }
  /** The connection drops before the request is processed (nothing happens server-side). */
  | { kind: 'reset' }
  /** The request is processed (a task is created) and then the connection drops. */
  | { kind: 'reset-after-create' }
  /** The response is delayed by `delayMs` of simulator time, then answered normally. */
  | { kind: 'slow'; delayMs: number }
  /** HTTP 200 with a JSON content type and a body that does not parse. Nothing is processed. */
  | { kind: 'malformed-json' }
  /** An HTML error page from a "gateway" (default HTTP 502). Nothing is processed. */
  | { kind: 'html-error'; status?: number }
  /** A download whose `Content-Length` is larger than the body sent (the connection drops mid-body). */
  | { kind: 'truncated-download' }
  /** A download link answers 403 until the task is queried again, which issues a fresh link. */
  | { kind: 'expired-link' };

/** A fault plus which requests it hits and how many times. */
export type FaultSpec = FaultKind & {
  /** Route kinds it applies to. Default: `create` for rate-limit/reset-after-create, `download` for
   * truncated-download/expired-link, every API route otherwise. */
  on?: RouteKind | readonly RouteKind[];
  dialect?: Dialect;
  taskType?: TaskType;
  /** Only requests about this task (query or download). */
  taskId?: string;
  /** How many matching requests it hits (default 1; `Infinity` for all). */
  times?: number;
};

/** A registered fault. */
export interface FaultHandle {
  /** Requests it has hit so far. */
  readonly hits: number;
  /** Hits left. */
  readonly remaining: number;
  clear(): void;
}

/** What the request looks like, for fault matching. */
export interface FaultTarget {
  kind: RouteKind;
  dialect?: Dialect;
  taskType?: TaskType;
  taskId?: string;
}

const API_KINDS: readonly RouteKind[] = ['create', 'query', 'list', 'balance', 'upload'];

function defaultKinds(kind: FaultKind['kind']): readonly RouteKind[] {
  switch (kind) {
    case 'rate-limit':
    case 'reset-after-create':
      return ['create'];
    case 'truncated-download':
    case 'expired-link':
      return ['download'];
    default:
      return API_KINDS;
  }
}

interface Entry {
  spec: FaultSpec;
  kinds: readonly RouteKind[];
  remaining: number;
  hits: number;
}

/** Registered faults, consumed first-registered-first. */
export class FaultBook {
  #entries: Entry[] = [];

  add(spec: FaultSpec): FaultHandle {
    const on = spec.on;
    const entry: Entry = {
      spec,
      kinds: on === undefined ? defaultKinds(spec.kind) : typeof on === 'string' ? [on as RouteKind] : on,
      remaining: spec.times ?? 1,
      hits: 0,
    };
    this.#entries.push(entry);
    return {
      get hits() {
        return entry.hits;
      },
      get remaining() {
        return entry.remaining;
      },
      clear: () => {
        this.#entries = this.#entries.filter((e) => e !== entry);
      },
    };
  }

  /** Takes (consumes one use of) the first fault of one of `kinds` matching `target`. */
  take(target: FaultTarget, kinds: ReadonlyArray<FaultKind['kind']>): FaultKind | undefined {
    const entry = this.#entries.find(
      (e) =>
        e.remaining > 0 &&
        kinds.includes(e.spec.kind) &&
        e.kinds.includes(target.kind) &&
        (e.spec.dialect === undefined || e.spec.dialect === target.dialect) &&
        (e.spec.taskType === undefined || e.spec.taskType === target.taskType) &&
        (e.spec.taskId === undefined || e.spec.taskId === target.taskId),
    );
    if (!entry) return undefined;
    entry.remaining--;
    entry.hits++;
    return entry.spec;
  }

  clear(): void {
    this.#entries = [];
  }
}
