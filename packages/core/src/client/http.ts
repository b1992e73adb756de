import type { Clock } from '../clock.js';
import { cancelledError, TripoError } from '../errors.js';
import { createRedactor, type Redactor } from '../redact.js';
import { apiError, isRefusalCode, isServerFailureCode } from './api-errors.js';
import { startDeadline } from './deadline.js';
import { outcomeUnknown } from './outcome-unknown.js';
import { field } from './raw-fields.js';
import { readCappedText } from './response-body.js';
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
  /** Largest answer read; a larger one is cancelled, not buffered. */
  maxResponseBytes: number;
  scheduler: RequestScheduler;
}

/**
 * What a failed attempt proves. `acted`: `no` when the answer proves the server did not act on the request
 * (the connection was refused, or Tripo refused it: a rate-limit refusal or a definite rejection); `maybe`
 * for everything else. `repeat`: whether sending it again may help. A create is repeated only when `acted` is
 * `no`; when it is `maybe` the create becomes `outcome_unknown` and is never sent again.
 */
interface Failure {
  ok: false;
  error: TripoError;
  acted: 'no' | 'maybe';
  repeat: boolean;
  retryAfterMs?: number;
  /** What was seen, for an `outcome_unknown` message: "HTTP 503 came after the request was sent". */
  reason: string;
}

type Attempt = { ok: true; response: ApiResponse } | Failure;

/** An answer that may have come after the server acted (`ambiguous`): repeated only if it is safe to. */
function answeredFailure(
  error: TripoError,
  ambiguous: boolean,
  retryAfterMs: number | undefined,
  reason: string,
): Failure {
  return { ok: false, error, acted: ambiguous ? 'maybe' : 'no', repeat: ambiguous, retryAfterMs, reason };
}

/** Tripo's codes for a refusal by its rate limiter (1007) or its concurrency limiter (2000): nothing was made. */
const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([1007, 2000]);

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
  readonly #redact: Redactor;

  constructor(config: HttpClientConfig) {
    this.#config = config;
    this.#redact = createRedactor([config.apiKey]);
  }

  /** Headers every Tripo API request carries. Internal: they contain the key. */
  authHeaders(): Record<string, string> {
    return { Authorization: `Bearer ${this.#config.apiKey}` };
  }

  /** Removes the key from a text (in case a server or proxy echoes it) and shortens it. */
  scrub(text: string): string {
    const clean = this.#redact(text).replace(/\s+/g, ' ').trim();
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

  /**
   * Turns a first attempt into the answer: repeats it while that is safe, else throws its typed error. A create
   * is repeated only after an answer that proves nothing was created; any other failure of a create is
   * `outcome_unknown` (the retry rule in the package README).
   */
  async #retry(request: ApiRequest, first: Attempt): Promise<ApiResponse> {
    const { clock, maxRetries, scheduler } = this.#config;
    let outcome = first;
    for (let attempt = 0; ; attempt++) {
      if (outcome.ok) return outcome.response;
      if (request.createsTask && outcome.acted === 'maybe') {
        throw outcomeUnknown(request.action, outcome.reason, {
          httpStatus: outcome.error.httpStatus,
          apiCode: outcome.error.apiCode,
          traceId: outcome.error.traceId,
          cause: outcome.error,
        });
      }
      if (!outcome.repeat || attempt >= maxRetries) throw outcome.error;
      const backoff = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt) + Math.random() * 250;
      try {
        await clock.sleep(outcome.retryAfterMs ?? backoff, request.signal);
      } catch (cause) {
        throw cancelledError(`Cancelled while waiting to retry ${request.action}.`, {
          cause,
          taskId: request.taskId,
        });
      }
      outcome = await scheduler.run(() => this.#attempt(request), request.signal);
    }
  }

  async #attempt(request: ApiRequest): Promise<Attempt> {
    const { baseUrl, clock, timeoutMs, maxResponseBytes } = this.#config;
    const deadline = startDeadline(clock, timeoutMs, request.signal);
    const headers: Record<string, string> = { ...this.authHeaders(), Accept: 'application/json' };
    let body: string | FormData | undefined;
    if (request.form) body = request.form;
    else if (request.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(request.json);
    }

    let response: Response | undefined;
    let read: Awaited<ReturnType<typeof readCappedText>>;
    try {
      response = await this.#config.fetch(`${baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body,
        signal: deadline.signal,
      });
      read = await readCappedText(response, maxResponseBytes);
    } catch (cause) {
      return this.#transportFailure(request, cause, deadline.expired, response !== undefined);
    } finally {
      deadline.clear();
    }
    if (!read.ok) return this.#tooLarge(request, response, read.bytes);
    // A server (or proxy) echoing the key: gone before anything reads the answer.
    return this.#answer(request, response, this.#redact(read.text));
  }

  /** Reads a complete answer: the envelope's data, or what the failure proves. */
  #answer(request: ApiRequest, response: Response, text: string): Attempt {
    const { baseUrl, clock } = this.#config;
    const status = response.status;
    const parsed = parseBody(text);
    const json = parsed.kind === 'json' ? parsed.value : undefined;
    const traceId = this.#traceId(response, json);
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
      // A 4xx page (a gateway refusing the request) proves nothing was done; a 2xx or 5xx one does not.
      const ambiguous = response.ok || isAmbiguousStatus(status);
      return answeredFailure(error, ambiguous, retryAfterMs, `the answer was ${what} (HTTP ${status})`);
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
    const seen = `HTTP ${status}${apiCode === undefined ? '' : ` with code ${apiCode}`}`;
    if (apiCode !== undefined && RATE_LIMIT_CODES.has(apiCode) && (status === 429 || response.ok)) {
      return { ok: false, error, acted: 'no', repeat: true, retryAfterMs, reason: seen };
    }
    // What may come after the server acted: the statuses of isAmbiguousStatus, a server-side code on any
    // status, and a 2xx whose code is not a known refusal. Any other 4xx proves that nothing was done.
    const ambiguous =
      isAmbiguousStatus(status) ||
      (apiCode !== undefined && isServerFailureCode(apiCode)) ||
      (response.ok && (apiCode === undefined || !isRefusalCode(apiCode)));
    return answeredFailure(error, ambiguous, retryAfterMs, `${seen} came after the request was sent`);
  }

  #traceId(response: Response, json: unknown): string | undefined {
    const header = response.headers.get('x-tripo-trace-id') ?? response.headers.get('x-request-id');
    const fromBody = field(json, 'request_id') ?? field(json, 'trace_id');
    const id = header ?? (typeof fromBody === 'string' ? fromBody : undefined);
    return id ? this.scrub(id) : undefined;
  }

  #tooLarge(request: ApiRequest, response: Response, bytes: number): Failure {
    const limitMb = Math.round((this.#config.maxResponseBytes / 1024 / 1024) * 10) / 10;
    const error = new TripoError(
      'server',
      `Tripo's answer to ${request.action} is larger than ${limitMb} MB (HTTP ${response.status}); TripoKit stopped reading it.`,
      {
        httpStatus: response.status,
        traceId: this.#traceId(response, undefined),
        taskId: request.taskId,
        retryable: false,
        suggestion:
          'No real Tripo answer is that large: check the base URL (a proxy, or the wrong host?). Raise maxResponseBytes only if you trust the server.',
      },
    );
    return {
      ok: false,
      error,
      acted: 'maybe',
      repeat: false,
      reason: `the answer (HTTP ${response.status}) was larger than ${limitMb} MB and was not read (${bytes} bytes seen)`,
    };
  }

  /** A failure without a complete answer; `answered`: the status line came, the body did not (all of it). */
  #transportFailure(request: ApiRequest, cause: unknown, timedOut: boolean, answered: boolean): Failure {
    const cut = answered ? ' after the answer had begun' : '';
    if (request.signal?.aborted) {
      const error = cancelledError(`Cancelled while ${request.action}.`, {
        cause: request.signal.reason,
        taskId: request.taskId,
      });
      return {
        ok: false,
        error,
        acted: 'maybe',
        repeat: false,
        reason: `the call was cancelled (or reached its deadline) after the request was sent${cut}`,
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
      return {
        ok: false,
        error,
        acted: 'maybe',
        repeat: true,
        reason: `no complete answer came within ${seconds} s${cut}`,
      };
    }
    const code = networkCode(cause);
    const refused = !answered && code !== undefined && CLEAN_NETWORK_CODES.has(code);
    const error = new TripoError(
      'network',
      `Could not reach Tripo while ${request.action}${code ? ` (${code})` : ''}.`,
      {
        taskId: request.taskId,
        retryable: true,
        suggestion: refused
          ? `Check the network and the base URL (${this.#config.baseUrl}).`
          : 'The connection broke; try again.',
        cause,
      },
    );
    return {
      ok: false,
      error,
      acted: refused ? 'no' : 'maybe',
      repeat: true,
      reason: answered
        ? `the connection broke while the answer was arriving${code ? ` (${code})` : ''}`
        : `the connection failed${code ? ` (${code})` : ''} after the request may have been sent`,
    };
  }
}

/** Statuses that may come after the server acted: 5xx, 408 (time-out), 425 (too early), 429 in general. */
function isAmbiguousStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}
