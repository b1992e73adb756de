import { TripoError } from '../errors.js';
import { invalidInputError } from '../invalid-input.js';
import { CreateTaskRequest, TASK_REQUEST_SCHEMAS, TaskId, type TaskType } from './requests/index.js';

/** Validates a task request (field ranges, enums and cross-field rules) or throws `TripoError('invalid_request')`. */
export function validateCreateTaskRequest(input: unknown): CreateTaskRequest {
  const parsed = CreateTaskRequest.safeParse(input);
  if (parsed.success) return parsed.data;
  const raw = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  const type =
    typeof raw === 'string' && Object.hasOwn(TASK_REQUEST_SCHEMAS, raw) ? (raw as TaskType) : undefined;
  const allowed = type && Object.keys(TASK_REQUEST_SCHEMAS[type].shape).filter((key) => key !== 'type');
  throw invalidInputError(parsed.error, input, { kind: 'request', name: type, allowed: allowed || [] });
}

/** Checks a task id before it goes into a URL path. */
export function validateTaskId(taskId: unknown): string {
  const parsed = TaskId.safeParse(taskId);
  if (parsed.success) return parsed.data;
  throw new TripoError(
    'invalid_request',
    `Invalid task id: ${parsed.error.issues[0]?.message ?? 'not a task id'}`,
    {
      field: 'task_id',
      suggestion: 'Pass the task_id returned when the task was created.',
    },
  );
}
