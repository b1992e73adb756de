import { TripoError } from '../errors.js';

/**
 * What to do when a create may or may not have made a task: find out before creating it again, because a
 * second create is a second paid task.
 */
export const OUTCOME_UNKNOWN_ADVICE =
  'Do not create it again yet: the task may exist, run and be charged. First check list_recent_tasks (for an id ' +
  'that did arrive) and the balance (getBalance / get_balance: a running task holds frozen credits), or the ' +
  "task history in Tripo's web console; quote the trace id to Tripo support if needed.";

/** Details of an `outcome_unknown` error: what was seen of the answer. */
export interface OutcomeUnknownDetails {
  httpStatus?: number;
  apiCode?: number;
  traceId?: string;
  cause?: unknown;
}

/**
 * The error of a create whose outcome is unknown: never retryable, never sent again, and saying how to find
 * the task. `reason` says what was seen ("HTTP 503 after the request was sent").
 */
export function outcomeUnknown(
  action: string,
  reason: string,
  details: OutcomeUnknownDetails = {},
): TripoError {
  return new TripoError(
    'outcome_unknown',
    `It is unknown whether Tripo created the task when ${action}: ${reason}. ` +
      'The request was not sent again, so that it cannot be charged twice.',
    { ...details, retryable: false, suggestion: OUTCOME_UNKNOWN_ADVICE },
  );
}
