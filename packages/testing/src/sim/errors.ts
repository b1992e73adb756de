/** One row of the Tripo error table: HTTP status, message and suggestion (tripo-api.md §10). */
interface ErrorRow {
  http: number;
  message: string;
  suggestion: string;
}

const AUTH_FAILED = [401, 'Authentication failed.', 'Check your API key and its region.'] as const;
const RETRY_LATER = 'Retry later; contact support with the trace id.';

/** Code → HTTP status, message, suggestion. */
const ROWS: Readonly<Record<number, readonly [http: number, message: string, suggestion: string]>> = {
  2: AUTH_FAILED,
  1000: [500, 'Unknown server error.', RETRY_LATER],
  1001: [500, 'Fatal server error.', RETRY_LATER],
  1002: AUTH_FAILED,
  1003: [400, 'The request body is malformed.', 'Send a JSON object body.'],
  1004: [400, 'One or more parameters are invalid.', 'Check the request parameters.'],
  1005: [403, 'Not allowed to access this resource.', 'Check your permissions.'],
  1007: [429, 'Request rate limit exceeded.', 'Slow down; retry after Retry-After.'],
  2000: [
    429,
    'You have exceeded the limit of generation.',
    'Wait for running tasks to finish; retry after the Retry-After header.',
  ],
  2001: [404, 'Task not found.', 'Check the task id and the API key that created it.'],
  2002: [400, 'The task type is not supported.', 'Check the task type.'],
  2003: [400, 'The input file is empty.', 'Check the file.'],
  2004: [400, 'The file type is not supported.', 'Use webp, jpeg or png.'],
  2005: [400, 'The draft task is not a success task.', 'Use a successful draft.'],
  2006: [400, 'The original task type is not supported.', 'Use a compatible task.'],
  2007: [400, 'The original task is not a succeeded task.', 'Wait for it to succeed.'],
  2008: [
    400,
    'The input was rejected by the content policy.',
    'Change the input; do not retry it unchanged.',
  ],
  2009: [400, 'The prompt contains invalid characters.', 'Remove emoji and symbols.'],
  2010: [403, 'You do not have enough credits.', 'Top up your credits.'],
  2011: [400, 'The input task has no model.', 'Use a task with a model output.'],
  2012: [400, 'The input task type is not valid.', 'Use an animate_rig task.'],
  2015: [400, 'This version is deprecated.', 'Use a newer model_version.'],
  2016: [400, 'This task type is deprecated.', 'Use its replacement.'],
  2017: [400, 'Invalid version value.', 'Check model_version.'],
  2018: [400, 'The model is too complex to process.', 'Try another model.'],
  2019: [404, 'File not found.', 'Upload the file again.'],
  2021: [413, 'The file is too large.', 'Upload a smaller file.'],
  4001: [404, 'Route not found.', 'Check the method and path.'],
};

/** Error codes the simulator emits, with the HTTP status the API pairs them with. */
export const ERROR_TABLE: Readonly<Record<number, ErrorRow>> = Object.fromEntries(
  Object.entries(ROWS).map(([code, [http, message, suggestion]]) => [code, { http, message, suggestion }]),
);

/** An error the simulated API answers with, before any dialect shapes it into an envelope. */
export class ApiError extends Error {
  readonly code: number;
  readonly httpStatus: number;
  readonly suggestion: string;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(
    code: number,
    detail?: string,
    options: { httpStatus?: number; headers?: Record<string, string> } = {},
  ) {
    const row = ERROR_TABLE[code] ?? ERROR_TABLE[1000]!;
    super(detail ? `${row.message} ${detail}` : row.message);
    this.name = 'ApiError';
    this.code = code;
    this.httpStatus = options.httpStatus ?? row.http;
    this.suggestion = row.suggestion;
    this.headers = options.headers ?? {};
  }
}

/** Shorthand for a 1004 invalid-parameter error naming the parameter. */
export function invalidParam(name: string, why: string): ApiError {
  return new ApiError(1004, `\`${name}\` ${why}.`);
}
