import type { Clock } from '../clock.js';
import { TripoError } from '../errors.js';
import { apiError } from './api-errors.js';
import { startDeadline } from './deadline.js';
import { field } from './raw-fields.js';
import type { RequestScheduler } from './scheduler.js';

/** One call to the Tripo API. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Path relative to the API base, starting with `/`. */
  path: string;
  json?: unknown;
  form?: FormData;
  /**
   * The request creates (and bills) a task: once it may have reached the server it is never sent again, and
   * an unclear outcome becomes `TripoError('outcome_unknown')`.
   */
  createsTask?: boolean;
  /** What the request does, for messages: "creating a text_to_model task", "reading task 1234". */
  action: string;
  /** The task concerned, copied onto errors. */
  taskId?: string;
  signal?: AbortSignal;
}

/** The `data` of a successful envelope, and where to quote it from. */
export interface ApiResponse {
  data: unknown;
  httpStatus: number;
  traceId?: string;
}

/** Settings of an {@link HttpClient}. */
export interface HttpClientConfig {
  apiKey: string;
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  timeoutMs: number;
  maxRetries: number;
  scheduler: RequestScheduler;
}

/**
 * How a failed attempt may be repeated: `clean` = the server surely did not act on it (any method may retry);
 * `unknown` = it may have (only reads retry; a create becomes `outcome_unknown`); `never` = final.
 */
type RetryClass = 'clean' | 'unknown' | 'never';

type Attempt =
  | { ok: true; response: ApiResponse }
  | { ok: false; error: TripoError; retry: RetryClass; retryAfterMs?: number; reason: string };

/** Socket error codes raised before any byte reached the server. */
const CLEAN_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 8000;
const RETRY_AFTER_CAP_MS = 30_000;
const MAX_MESSAGE_CHARS = 300;

/** Finds a socket error code on an error or its causes (undici wraps them, sometimes in an AggregateError). */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) {
    for (const e of nested) {
      const c = networkCode(e, depth + 1);
      if (c) return c;
    }
  }
  return networkCode((error as { cause?: unknown }).cause, depth + 1);
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms, capped. */
function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header.trim());
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), RETRY_AFTER_CAP_MS);
}

type Body = { kind: 'json'; value: unknown } | { kind: 'html' } | { kind: 'unreadable' } | { kind: 'empty' };

function parseBody(text: string): Body {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(trimmed) };
  } catch {
    return /^<(!doctype|html|head|body|\?xml)|<\/html>/i.test(trimmed)
      ? { kind: 'html' }
      : { kind: 'unreadable' };
  }
}

function asCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/**
 * The HTTP layer: auth header, JSON, per-request time-out, both envelopes, typed errors, billing-safe retries,
 * and the shared scheduler. It is the only code that holds the key, and it scrubs the key from every text that
 * comes back from the server before it can reach an error.
 */
export class HttpClient {
  readonly #config: HttpClientConfig;

  constructor(config: HttpClientConfig) {
    this.#config = config;
  }

  /** Headers every Tripo API request carries. Internal: they contain the key. */
  authHeaders(): Record<string, string> {
    return { Authorization: `Bearer ${this.#config.apiKey}` };
  }

  /** Removes the key from a text (in case a server or proxy echoes it) and shortens it. */
  scrub(text: string): string {
    const key = this.#config.apiKey;
    // A very short key would redact ordinary words; real keys are long.
    const redacted = key.length >= 6 ? text.split(key).join('[redacted]') : text;
    const clean = redacted.replace(/\s+/g, ' ').trim();
    return clean.length > MAX_MESSAGE_CHARS ? `${clean.slice(0, MAX_MESSAGE_CHARS)}…` : clean;
  }

  /** Sends `request`, retrying what is safe to retry, and returns the envelope's `data`. */
  async request(request: ApiRequest): Promise<ApiResponse> {
    const first = await this.#config.scheduler.run(() => this.#attempt(request), request.signal);
    return this.#retry(request, first);
  }

  /**
   * Like {@link HttpClient.request}, but the request is built only when the scheduler grants its first slot,
   * so whatever piled up while it queued can still join it (the task batcher fills a batch this way). `build`
   * returning `undefined` gives the slot back unsent, and this resolves `undefined`. `signal` cancels the
   * wait for the slot; the built request's own `signal` governs the sending.
   */
  async requestWhenAdmitted(
    build: () => ApiRequest | undefined,
    signal: AbortSignal,
  ): Promise<ApiResponse | undefined> {
    const admitted = await this.#config.scheduler.run(async () => {
      const request = build();
      return request && { request, first: await this.#attempt(request) };
    }, signal);
    return admitted && this.#retry(admitted.request, admitted.first);
  }

  /** Turns a first attempt into the answer: repeats it while that is safe, else throws its typed error. */
  async #retry(request: ApiRequest, first: Attempt): Promise<ApiResponse> {
    const { clock, maxRetries, scheduler } = this.#config;
    let outcome = first;
    for (let attempt = 0; ; attempt++) {
      if (outcome.ok) return outcome.response;
      const retryable =
        outcome.retry === 'clean' || (outcome.retry === 'unknown' && request.createsTask !== true);
      if (!retryable || attempt >= maxRetries) {
        if (request.createsTask && outcome.retry === 'unknown') throw this.#outcomeUnknown(request, outcome);
        throw outcome.error;
      }
      const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt) + Math.random() * 250;
      try {
        await clock.sleep(outcome.retryAfterMs ?? backoff, request.signal);
      } catch (cause) {
        throw new TripoError('aborted', `Cancelled while waiting to retry ${request.action}.`, {
          cause,
          taskId: request.taskId,
        });
      }
      outcome = await scheduler.run(() => this.#attempt(request), request.signal);
    }
  }

  async #attempt(request: ApiRequest): Promise<Attempt> {
    const { baseUrl, clock, timeoutMs } = this.#config;
    const deadline = startDeadline(clock, timeoutMs, request.signal);
    const headers: Record<string, string> = { ...this.authHeaders(), Accept: 'application/json' };
    let body: string | FormData | undefined;
    if (request.form) body = request.form;
    else if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    }

    let response: Response;
    let text: string;
    try {
      response = await this.#config.fetch(`${baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body,
        signal: deadline.signal,
      });
      text = await response.text();
    } catch (cause) {
      return this.#transportFailure(request, cause, deadline.expired);
    } finally {
      deadline.clear();
    }

    const parsed = parseBody(text);
    const json = parsed.kind === 'json' ? parsed.value : undefined;
    const traceId = this.#traceId(response, json);
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now());

    if (response.ok && parsed.kind === 'json') {
      const code = asCode(field(json, 'code'));
      if (code === undefined || code === 0) {
        const data = field(json, 'data');
        return {
          ok: true,
          response: { data: data === undefined ? json : data, httpStatus: status, traceId },
        };
      }
    }

    const failure = {
      httpStatus: status,
      traceId,
      action: request.action,
      baseUrl,
      taskId: request.taskId,
    };
    if (parsed.kind !== 'json' || typeof json !== 'object' || json === null) {
      const what =
        parsed.kind === 'html'
          ? 'an HTML page instead of JSON (a proxy or gateway error page)'
          : parsed.kind === 'empty'
            ? 'an empty body'
            : 'a body that is not valid JSON';
      const error = response.ok
        ? new TripoError('server', `Tripo answered ${request.action} with ${what} (HTTP ${status}).`, {
            httpStatus: status,
            traceId,
            taskId: request.taskId,
            retryable: true,
            suggestion:
              'This is usually temporary; try again in a minute. Quote the trace id to Tripo support if it persists.',
          })
        : apiError({ ...failure, apiMessage: `the server sent ${what}` });
      return {
        ok: false,
        error,
        retry: this.#retryClass(status, response.ok),
        retryAfterMs,
        reason: `the answer was ${what} (HTTP ${status})`,
      };
    }

    const apiCode = asCode(field(json, 'code'));
    const message = field(json, 'message') ?? field(json, 'msg');
    const suggestion = field(json, 'suggestion');
    const error = apiError({
      ...failure,
      apiCode,
      apiMessage: typeof message === 'string' ? this.scrub(message) : undefined,
      apiSuggestion: typeof suggestion === 'string' ? this.scrub(suggestion) : undefined,
    });
    let retry: RetryClass = this.#retryClass(status, false);
    if (error.code === 'rate_limited') retry = 'clean';
    else if (status < 500 && error.code === 'server') retry = request.createsTask ? 'never' : 'unknown';
    return { ok: false, error, retry, retryAfterMs, reason: `HTTP ${status}` };
  }

  #retryClass(status: number, ok: boolean): RetryClass {
    if (status === 429 || status === 503) return 'clean';
    if (ok || status >= 500 || status === 408 || status === 425) return 'unknown';
    return 'never';
  }

  #traceId(response: Response, json: unknown): string | undefined {
    const header = response.headers.get('x-tripo-trace-id') ?? response.headers.get('x-request-id');
    const fromBody = field(json, 'request_id') ?? field(json, 'trace_id');
    const id = header ?? (typeof fromBody === 'string' ? fromBody : undefined);
    return id ? this.scrub(id) : undefined;
  }

  #transportFailure(request: ApiRequest, cause: unknown, timedOut: boolean): Attempt {
    if (request.signal?.aborted) {
      const error = new TripoError('aborted', `Cancelled while ${request.action}.`, {
        cause: request.signal.reason,
        taskId: request.taskId,
      });
      return {
        ok: false,
        error,
        retry: request.createsTask ? 'unknown' : 'never',
        reason: 'the call was cancelled after the request was sent',
      };
    }
    if (timedOut) {
      const seconds = Math.round(this.#config.timeoutMs / 100) / 10;
      const error = new TripoError(
        'timeout',
        `No answer from Tripo within ${seconds} s while ${request.action}.`,
        {
          taskId: request.taskId,
          retryable: true,
          suggestion: 'Tripo may be slow or unreachable; try again, or raise timeoutMs.',
        },
      );
      return { ok: false, error, retry: 'unknown', reason: `no answer came within ${seconds} s` };
    }
    const code = networkCode(cause);
    const clean = code !== undefined && CLEAN_NETWORK_CODES.has(code);
    const error = new TripoError(
      'network',
      `Could not reach Tripo while ${request.action}${code ? ` (${code})` : ''}.`,
      {
        taskId: request.taskId,
        retryable: true,
        suggestion: clean
          ? `Check the network and the base URL (${this.#config.baseUrl}).`
          : 'The connection broke; try again.',
        cause,
      },
    );
    return {
      ok: false,
      error,
      retry: clean ? 'clean' : 'unknown',
      reason: `the connection failed${code ? ` (${code})` : ''} after the request may have been sent`,
    };
  }

  #outcomeUnknown(request: ApiRequest, outcome: Extract<Attempt, { ok: false }>): TripoError {
    return new TripoError(
      'outcome_unknown',
      `It is unknown whether Tripo created the task when ${request.action}: ${outcome.reason}. ` +
        'The request was not sent again, so that it cannot be charged twice.',
      {
        httpStatus: outcome.error.httpStatus,
        apiCode: outcome.error.apiCode,
        traceId: outcome.error.traceId,
        retryable: false,
        suggestion:
          'Before trying again, check whether the task exists: look at the recent tasks (list_recent_tasks) or ' +
          'compare the frozen credits of getBalance() with before. Quote the trace id to Tripo support if needed.',
        cause: outcome.error,
      },
    );
  }
}
