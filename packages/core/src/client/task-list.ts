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
 * Whether a failed batch query says the route itself does not work with this deployment (no such route, or
 * it refuses the body) rather than that one batch failed: then tasks are read one by one instead. A 2001
 * names a task, not the route.
 */
export function batchRouteUnusable(error: unknown): boolean {
  if (!(error instanceof TripoError) || error.apiCode === 2001) return false;
  const status = error.httpStatus;
  return error.code === 'invalid_request' || status === 404 || status === 405 || status === 501;
}
