import type { z } from 'zod';
import { TripoError } from './errors.js';
import { asClause, asSentence, clampText } from './text.js';

type Issue = z.core.$ZodIssue;

/** What an invalid input was meant for: a tool's arguments, or a task request (of a type, when it names one). */
export interface InputSubject {
  kind: 'tool' | 'request';
  /** The tool's name, or the request's task type. */
  name?: string;
  /** The parameters the input may have, listed when it has an unknown one. */
  allowed?: readonly string[];
}

const MAX_LISTED = 5;
const MAX_MESSAGE = 800;

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** The most telling issue of a union: from the first branch that got past the type check. */
function unionIssue(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  const branches = issue.errors.filter((b) => b.some((i) => i.code !== 'invalid_type' || i.path.length > 0));
  const inner = (branches[0] ?? issue.errors[0])?.[0];
  return inner ? unionIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue) : issue;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

function describe(raw: Issue, input: unknown, subject: InputSubject): { field: string; text: string } {
  const issue = unionIssue(raw);
  const at = pathText(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const field = at === '' ? String(issue.keys[0] ?? '') : `${at}.${String(issue.keys[0] ?? '')}`;
      const where = at || subject.name || `this ${subject.kind}`;
      const allowed = at === '' && subject.allowed?.length ? ` Allowed: ${subject.allowed.join(', ')}` : '';
      return { field, text: `${issue.keys.join(', ')}: not a parameter of ${where}.${allowed}` };
    }
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined)
        return { field: at, text: `${at}: is required (expected ${issue.expected})` };
      break;
    case 'invalid_value':
      return {
        field: at,
        text: `${at}: must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
      };
    default:
      break;
  }
  return { field: at, text: at === '' ? issue.message : `${at}: ${issue.message}` };
}

/**
 * The `TripoError('invalid_request')` for a failed zod parse, the same for a task request and a tool's input:
 * one sentence naming each offending field (at most five) with what it must be, `field` set to the first, and
 * the advice to fix it. Nothing was sent, so it is not retryable as it is.
 */
export function invalidInputError(error: z.ZodError, input: unknown, subject: InputSubject): TripoError {
  const described = error.issues.slice(0, MAX_LISTED).map((issue) => describe(issue, input, subject));
  const field = described[0]?.field || 'input';
  const more = error.issues.length > MAX_LISTED ? ` (and ${error.issues.length - MAX_LISTED} more)` : '';
  const list = described.map((d) => asClause(d.text)).join('; ');
  const { kind, name } = subject;
  const what = kind === 'tool' ? `input for ${name}` : name ? `${name} request` : 'request';
  const retry = kind === 'tool' ? `call ${name} again` : 'send the request again';
  return new TripoError(
    'invalid_request',
    clampText(asSentence(`Invalid ${what}: ${list}${more}`), MAX_MESSAGE),
    {
      field,
      suggestion: `Fix ${field} and ${retry}; nothing was sent to Tripo.`,
    },
  );
}
