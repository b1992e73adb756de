/** Tripo's batch query (`POST /tasks/list`) takes at most 100 ids. */
export const BATCH_QUERY_LIMIT = 100;

function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

function idOf(raw: unknown): string | undefined {
  for (const key of ['task_id', 'id']) {
    const value = field(raw, key);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

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
      const id = idOf(raw);
      if (id !== undefined) byId.set(id, raw);
    }
  } else {
    for (const [key, raw] of Object.entries(tasks)) {
      if (typeof raw === 'object' && raw !== null) byId.set(idOf(raw) ?? key, raw);
    }
  }
  return byId;
}
