import type { ApiError } from '../errors.js';
import type { RouteKind } from '../faults.js';
import type { OutputSlot } from '../outputs.js';
import type { TaskType } from '../task-types.js';
import type { TaskState } from '../tasks.js';
import type { Dialect, Params } from '../types.js';

/** What a matched API route asks for. */
export type RouteOp = 'create' | 'query' | 'list' | 'balance' | 'upload' | 'sts-token' | 'presign' | 'watch';

/** A route matched on a dialect's path (relative to its prefix). */
export interface MatchedRoute {
  op: RouteOp;
  /** Fault-matching kind. */
  kind: RouteKind;
  /** Task type fixed by the route (v3 creation routes). */
  taskType?: TaskType;
  /** Task id in the path (queries, watch). */
  taskId?: string;
}

/** Everything a dialect needs to serialise one task. */
export interface TaskView {
  taskId: string;
  type: TaskType;
  params: Params;
  state: TaskState;
  createdAt: number;
  /** Credits charged so far (0 unless succeeded). */
  creditsConsumed: number;
  /** Output URLs by slot, only when the task succeeded. */
  links: Partial<Record<OutputSlot, string>>;
  riggable?: boolean;
  rigType?: string;
}

/** The wire format of one API generation: routes, envelopes, field names, codes. */
export interface DialectAdapter {
  readonly name: Dialect;
  /** Path prefix, e.g. `/v3` or `/v2/openapi`. */
  readonly prefix: string;
  /** Code of an authentication failure (v2 1002, v3 2). */
  readonly authCode: number;
  /** Code of a file that is too large. */
  readonly tooLargeUploadCode: number;
  match(method: string, path: string): MatchedRoute | undefined;
  /** Turns a creation body into a task type and v2-vocabulary parameters; throws {@link ApiError}. */
  toCreate(route: MatchedRoute, body: Record<string, unknown>): { type: TaskType; params: Params };
  success(data: unknown): unknown;
  error(err: ApiError, traceId: string): unknown;
  task(view: TaskView): Record<string, unknown>;
  uploaded(token: string): Record<string, unknown>;
  /** Batch query result. */
  list(tasks: Array<Record<string, unknown>>, missed: string[]): unknown;
  /** Token format of a new upload. */
  newUploadToken(): string;
  /** Id of a new task. */
  newTaskId(): string;
}
