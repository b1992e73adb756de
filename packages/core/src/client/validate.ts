import type { z } from 'zod';
import { TripoError } from '../errors.js';
import { CreateTaskRequest, TASK_REQUEST_SCHEMAS, TaskId, type TaskType } from './requests/index.js';

type Issue = z.core.$ZodIssue;

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** The most telling issue of a union: from the branch that got past the type check. */
function unionIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !('errors' in issue) || issue.errors.length === 0) return issue;
  const branches = issue.errors.filter((b) => b.some((i) => i.code !== 'invalid_type' || i.path.length > 0));
  const inner = (branches[0] ?? issue.errors[0])?.[0];
  return inner ? unionIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue) : issue;
}

function describe(issue: Issue, type: string | undefined): { field: string; text: string } {
  if (issue.code === 'unrecognized_keys') {
    const schema = type ? TASK_REQUEST_SCHEMAS[type as TaskType] : undefined;
    const allowed = schema ? Object.keys(schema.shape).filter((k) => k !== 'type') : [];
    const prefix = issue.path.length > 0 ? `${pathText(issue.path)}.` : '';
    const field = `${prefix}${issue.keys[0] ?? ''}`;
    const where = issue.path.length > 0 ? pathText(issue.path) : (type ?? 'this request');
    const hint = allowed.length > 0 && issue.path.length === 0 ? ` Allowed: ${allowed.join(', ')}.` : '';
    return { field, text: `${issue.keys.join(', ')}: not a parameter of ${where}.${hint}` };
  }
  const resolved = unionIssue(issue);
  const field = pathText(resolved.path) || 'request';
  return { field, text: `${field}: ${resolved.message}` };
}

/** Turns zod issues into one `invalid_request` error naming the (first) field and the allowed values. */
export function invalidRequest(error: z.ZodError, type?: string): TripoError {
  const described = error.issues.slice(0, 5).map((issue) => describe(issue, type));
  const first = described[0] ?? { field: 'request', text: 'invalid request' };
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  const subject = type ? `Invalid ${type} request` : 'Invalid request';
  // Each issue is a clause of one sentence: "a: x; b: y." rather than "a: x.; b: y."
  const list = described.map((d) => d.text.replace(/[.\s]+$/, '')).join('; ');
  return new TripoError('invalid_request', `${subject}: ${list}${more}.`, {
    field: first.field,
    suggestion: 'Fix the named field and send the request again; nothing was sent to Tripo.',
  });
}

/** Validates a task request (field ranges, enums and cross-field rules) or throws `TripoError('invalid_request')`. */
export function validateCreateTaskRequest(input: unknown): CreateTaskRequest {
  const parsed = CreateTaskRequest.safeParse(input);
  if (parsed.success) return parsed.data;
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  throw invalidRequest(parsed.error, typeof type === 'string' ? type : undefined);
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
