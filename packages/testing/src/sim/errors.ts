/** One row of the Tripo error table: HTTP status, message and suggestion (tripo-api.md §10). */
interface ErrorRow {
  http: number;
  message: string;
  suggestion: string;
}

/** Error codes the simulator emits, with the HTTP status the API pairs them with. */
export const ERROR_TABLE: Readonly<Record<number, ErrorRow>> = {
  2: { http: 401, message: 'Authentication failed.', suggestion: 'Check your API key and its region.' },
  1000: {
    http: 500,
    message: 'Unknown server error.',
    suggestion: 'Retry later; contact support with the trace id.',
  },
  1001: {
    http: 500,
    message: 'Fatal server error.',
    suggestion: 'Retry later; contact support with the trace id.',
  },
  1002: { http: 401, message: 'Authentication failed.', suggestion: 'Check your API key and its region.' },
  1003: { http: 400, message: 'The request body is malformed.', suggestion: 'Send a JSON object body.' },
  1004: {
    http: 400,
    message: 'One or more parameters are invalid.',
    suggestion: 'Check the request parameters.',
  },
  1005: { http: 403, message: 'Not allowed to access this resource.', suggestion: 'Check your permissions.' },
  1007: {
    http: 429,
    message: 'Request rate limit exceeded.',
    suggestion: 'Slow down; retry after Retry-After.',
  },
  2000: {
    http: 429,
    message: 'You have exceeded the limit of generation.',
    suggestion: 'Wait for running tasks to finish; retry after the Retry-After header.',
  },
  2001: {
    http: 404,
    message: 'Task not found.',
    suggestion: 'Check the task id and the API key that created it.',
  },
  2002: { http: 400, message: 'The task type is not supported.', suggestion: 'Check the task type.' },
  2003: { http: 400, message: 'The input file is empty.', suggestion: 'Check the file.' },
  2004: { http: 400, message: 'The file type is not supported.', suggestion: 'Use webp, jpeg or png.' },
  2005: {
    http: 400,
    message: 'The draft task is not a success task.',
    suggestion: 'Use a successful draft.',
  },
  2006: {
    http: 400,
    message: 'The original task type is not supported.',
    suggestion: 'Use a compatible task.',
  },
  2007: {
    http: 400,
    message: 'The original task is not a succeeded task.',
    suggestion: 'Wait for it to succeed.',
  },
  2008: {
    http: 400,
    message: 'The input was rejected by the content policy.',
    suggestion: 'Change the input; do not retry it unchanged.',
  },
  2009: {
    http: 400,
    message: 'The prompt contains invalid characters.',
    suggestion: 'Remove emoji and symbols.',
  },
  2010: { http: 403, message: 'You do not have enough credits.', suggestion: 'Top up your credits.' },
  2011: { http: 400, message: 'The input task has no model.', suggestion: 'Use a task with a model output.' },
  2012: { http: 400, message: 'The input task type is not valid.', suggestion: 'Use an animate_rig task.' },
  2015: { http: 400, message: 'This version is deprecated.', suggestion: 'Use a newer model_version.' },
  2016: { http: 400, message: 'This task type is deprecated.', suggestion: 'Use its replacement.' },
  2017: { http: 400, message: 'Invalid version value.', suggestion: 'Check model_version.' },
  2018: { http: 400, message: 'The model is too complex to process.', suggestion: 'Try another model.' },
  2019: { http: 404, message: 'File not found.', suggestion: 'Upload the file again.' },
  2021: { http: 413, message: 'The file is too large.', suggestion: 'Upload a smaller file.' },
  4001: { http: 404, message: 'Route not found.', suggestion: 'Check the method and path.' },
};

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
