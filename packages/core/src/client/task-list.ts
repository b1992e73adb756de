import { TripoError } from '../errors.js';
import { field, stringField } from './raw-fields.js';

/** Tripo's batch query (`POST /tasks/list`) takes at most 100 ids. */
export const BATCH_QUERY_LIMIT = 100;

/**
 * The raw tasks of a batch answer by id, or `undefined` when the answer holds no task list at all. Tolerates
 * the shapes seen in the notes and the simulator: `{tasks: [...], missed}` (v3), `{tasks: {id: task}, missed}`
 * (v2's unconfirmed `/task/batch`), or a bare array. Ids it lacks (listed in `missed` or just absent) are for
 * the caller to read one by one.
 */
export function rawTasksById(data: unknown): Map<string, unknown> | undefined {
  const tasks = Array.isArray(data) ? data : field(data, 'tasks');
  if (typeof tasks !== 'object' || tasks === null) return undefined;
  const byId = new Map<string, unknown>();
  if (Array.isArray(tasks)) {
    for (const raw of tasks) {
      const id = stringField(raw, 'task_id', 'id');
      if (id !== undefined) byId.set(id, raw);
    }
  } else {
    for (const [key, raw] of Object.entries(tasks)) {
      if (typeof raw === 'object' && raw !== null) byId.set(stringField(raw, 'task_id', 'id') ?? key, raw);
    }
  }
  return byId;
}

/**
 * Whether a failed batch query says the batch route does not exist on this deployment (404, 405, 501; a 2001
 * names a task, not the route): then tasks are read one by one for good.
 */
export function batchRouteMissing(error: unknown): boolean {
  if (!(error instanceof TripoError) || error.apiCode === 2001) return false;
  const status = error.httpStatus;
  return status === 404 || status === 405 || status === 501;
}

/**
 * Whether a batch query was refused as a whole (400/1004): either one of its ids is bad, or the deployment
 * refuses the body itself. Reading the ids one by one tells which.
 */
export function batchRefused(error: unknown): boolean {
  return error instanceof TripoError && error.code === 'invalid_request' && !batchRouteMissing(error);
}

/** Whether a failed batch query is better replaced by individual reads: a missing route or a refused batch. */
export function batchRouteUnusable(error: unknown): boolean {
  return batchRouteMissing(error) || batchRefused(error);
}
