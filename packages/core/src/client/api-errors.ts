import { TripoError, type TripoErrorCode } from '../errors.js';

/** What an error response told us. Strings are already scrubbed of the API key. */
export interface ApiFailure {
  httpStatus: number;
  apiCode?: number;
  apiMessage?: string;
  apiSuggestion?: string;
  traceId?: string;
  /** What the request was for, e.g. "creating a text_to_model task". */
  action: string;
  /** The API base in use, named in auth hints (a key works only in its own region). */
  baseUrl: string;
  taskId?: string;
}

interface CodeInfo {
  code: TripoErrorCode;
  what: string;
  suggestion?: string;
  retryable?: boolean;
}

const INVALID = 'invalid_request';

/** Tripo's numeric codes (§10 of the API notes), with what they mean and what to do. */
const API_CODES: Readonly<Record<number, CodeInfo>> = {
  1000: { code: 'server', what: 'an unknown server error', retryable: true },
  1001: { code: 'server', what: 'a fatal server error', retryable: true },
  1002: { code: 'auth', what: 'authentication failed' },
  1003: { code: INVALID, what: 'the request body is malformed' },
  1004: { code: INVALID, what: 'one or more parameters are invalid' },
  1005: {
    code: 'auth',
    what: 'this key may not access the resource',
    suggestion: 'Check the key’s permissions in the Tripo console.',
  },
  1007: {
    code: 'rate_limited',
    what: 'the request rate limit was exceeded',
    suggestion: 'Wait a little and try again, or lower maxRequestsPerSecond.',
    retryable: true,
  },
  2000: {
    code: 'rate_limited',
    what: 'too many tasks are running at once (generation concurrency limit)',
    suggestion: 'Wait for running tasks to finish, then try again.',
    retryable: true,
  },
  2001: {
    code: 'not_found',
    what: 'the task does not exist',
    suggestion:
      'Check the task id (list_recent_tasks lists the ids this session knows). A task can only be read with the API key (and region) that created it.',
  },
  2002: { code: INVALID, what: 'the task type is not supported' },
  2003: { code: INVALID, what: 'the image file is empty' },
  2004: {
    code: INVALID,
    what: 'the image type is not supported',
    suggestion: 'Use a JPEG, PNG or WebP image.',
  },
  2005: {
    code: INVALID,
    what: 'the draft task did not succeed',
    suggestion: 'Refine only a successful draft.',
  },
  2006: { code: INVALID, what: 'the original task’s type is not supported for this operation' },
  2007: {
    code: INVALID,
    what: 'the original task has not succeeded',
    suggestion: 'Wait for the source task to succeed, or use a successful one.',
  },
  2008: {
    code: 'content_policy',
    what: 'the input was rejected by the content policy',
    suggestion: 'Change the prompt or image; retrying it unchanged will be rejected again.',
  },
  2009: {
    code: INVALID,
    what: 'the prompt contains characters Tripo does not accept',
    suggestion: 'Remove emoji and special symbols from the prompt.',
  },
  2010: {
    code: 'insufficient_credits',
    what: 'the account does not have enough credits',
    suggestion:
      'Top up credits in the Tripo console, or wait for running tasks to release frozen credits (get_balance shows both).',
  },
  2011: { code: INVALID, what: 'the input task has no model', suggestion: 'Use a task with a model output.' },
  2012: {
    code: INVALID,
    what: 'the input task has the wrong type',
    suggestion: 'Retarget needs a successful animate_rig task.',
  },
  2013: { code: 'auth', what: 'the priority is not allowed for this account' },
  2014: { code: 'server', what: 'an error occurred while auditing the input', retryable: true },
  2015: { code: INVALID, what: 'this version is deprecated', suggestion: 'Use a newer model_version.' },
  2016: {
    code: INVALID,
    what: 'this task type is deprecated',
    suggestion: 'Use its replacement (e.g. animate_rig then animate_retarget).',
  },
  2017: { code: INVALID, what: 'the version value is invalid', suggestion: 'Check model_version.' },
  2018: { code: INVALID, what: 'the model is too complex to process' },
  2019: { code: 'not_found', what: 'the uploaded file was not found', suggestion: 'Upload the file again.' },
};

/** Whether Tripo's `code` says its own side failed (1000, 1001, 2014): the request may have been acted on. */
export function isServerFailureCode(apiCode: number): boolean {
  return API_CODES[apiCode]?.code === 'server';
}

/** Whether Tripo's `code` is a known refusal of the request (bad input, auth, credits, rate limit…). */
export function isRefusalCode(apiCode: number): boolean {
  const info = API_CODES[apiCode];
  return info !== undefined && info.code !== 'server';
}

function byHttpStatus(status: number): CodeInfo {
  // A success status with an error code we do not know: something went wrong on Tripo's side.
  if (status < 300) return { code: 'server', what: 'an error code TripoKit does not know', retryable: true };
  if (status === 401) return { code: 'auth', what: 'authentication failed' };
  if (status === 403) return { code: 'auth', what: 'access was denied' };
  if (status === 404) {
    return {
      code: 'not_found',
      what: 'the resource was not found',
      suggestion: 'Check the id; if every request gets 404, check the base URL and apiVersion.',
    };
  }
  if (status === 429) return { code: 'rate_limited', what: 'too many requests', retryable: true };
  if (status >= 500) return { code: 'server', what: 'a server error', retryable: true };
  return { code: INVALID, what: 'the request was rejected' };
}

function classify(failure: ApiFailure): CodeInfo {
  const { httpStatus, apiCode } = failure;
  // A 401 is an auth failure whatever code rides on it (v3 sends code 2, some deployments 1002).
  if (httpStatus === 401) return API_CODES[1002] as CodeInfo;
  if (apiCode !== undefined && API_CODES[apiCode]) return API_CODES[apiCode] as CodeInfo;
  return byHttpStatus(httpStatus);
}

/** Lower case, words only: to compare two pieces of advice. */
function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Advice that points nowhere in particular ("See the docs.", "Please try again."). */
const GENERIC_ADVICE =
  /^(please )?((see|check|read|refer to|consult) (the )?(api )?(docs|documentation)|try again( later)?|contact (us|support))$/;

/**
 * Our advice for the cause, with Tripo's `suggestion` added only when it says something ours does not: a
 * generic or repeated suggestion never replaces the specific advice and the next step.
 */
export function combineAdvice(ours: string | undefined, theirs: string | undefined): string | undefined {
  const their = theirs?.trim() ?? '';
  const tw = words(their);
  if (tw === '' || GENERIC_ADVICE.test(tw)) return ours ?? (their || undefined);
  if (ours === undefined) return their;
  if (words(ours).includes(tw)) return ours;
  return `${ours} Tripo adds: ${/[.!?]$/.test(their) ? their : `${their}.`}`;
}

/** Builds the typed error for an API error response. */
export function apiError(failure: ApiFailure): TripoError {
  const info = classify(failure);
  const codePart = failure.apiCode !== undefined ? `error ${failure.apiCode}, ` : '';
  const detail = failure.apiMessage ? `: ${failure.apiMessage}` : '';
  const action = failure.action.charAt(0).toUpperCase() + failure.action.slice(1);
  let message = `${action} failed (${codePart}HTTP ${failure.httpStatus}): ${info.what}${detail}`;
  if (!/[.!?]$/.test(message)) message += '.';
  let ours = info.suggestion;
  if (info.code === 'auth' && failure.httpStatus === 401) {
    ours =
      `Check the API key (TRIPO_API_KEY, it starts with tsk_) and its region: a key works only in the region ` +
      `that issued it (tripo3d.ai = global, tripo3d.com = cn). Base URL in use: ${failure.baseUrl}.`;
  }
  return new TripoError(info.code, message, {
    apiCode: failure.apiCode,
    httpStatus: failure.httpStatus,
    suggestion: combineAdvice(ours, failure.apiSuggestion),
    traceId: failure.traceId,
    taskId: failure.taskId,
    retryable: info.retryable ?? false,
  });
}
