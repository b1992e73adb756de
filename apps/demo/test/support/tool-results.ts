/** A tool's structured fields, as the tests build them. */
export type Fields = Record<string, unknown>;

/** The result of a tool that saw task `taskId` succeed, plus `extra` fields. */
export function succeeded(taskId: string, extra: Fields = {}): Fields {
  return { task_id: taskId, status: 'success', outcome: 'success', terminal: true, progress: 100, ...extra };
}
