import { createHash, randomUUID } from 'node:crypto';
import { FakeClock, type SimClock } from './clock.js';
import { CreditLedger } from './credits.js';
import type { DialectAdapter, MatchedRoute, TaskView } from './dialects/dialect.js';
import { v2Dialect } from './dialects/v2.js';
import { v3Dialect } from './dialects/v3.js';
import { ApiError, invalidParam } from './errors.js';
import { FaultBook, type FaultHandle, type FaultKind, type FaultSpec, type FaultTarget } from './faults.js';
import { FILES_PREFIX, LinkSigner, sniffUpload, UPLOADS_PREFIX, type Upload } from './files.js';
import { type JsonBody, jsonResponse, rawResponse, readJsonObject, readLimited } from './http.js';
import { ScriptBook, type ScriptedOutcome, type ScriptHandle, type ScriptMatch } from './outcomes.js';
import { contentTypeOf, type OutputSlot, outputsOf, renderOutputFile } from './outputs.js';
import { priceOf } from './pricing.js';
import { deriveSubject } from './subjects.js';
import { isTaskType, type TaskType } from './task-types.js';
import {
  DEFAULT_TIMING,
  runningMsFor,
  type SimTiming,
  type TaskRecord,
  type TaskState,
  taskStateAt,
} from './tasks.js';
import type { Dialect, Params } from './types.js';
import { validateCreate } from './validation.js';

/** Options of {@link TripoSimulator}. */
export interface TripoSimulatorOptions {
  /** Drives task timing. Default: a new auto-advancing {@link FakeClock}. */
  clock?: SimClock;
  /** Accept only this exact key. Default: any key starting with `tsk_`. */
  apiKey?: string;
  /** Starting credits. Default 3000. */
  initialBalance?: number;
  /** Origin the msw handlers intercept. Default `http://tripo.test`. */
  origin?: string;
  /** Simulated durations (virtual ms). */
  timing?: Partial<SimTiming>;
  /** Dialect used for errors on paths outside both prefixes. Default `v3`. */
  apiVersion?: Dialect;
  /** Lifetime of output links in clock ms. Default 300 000 (the documented five minutes); `Infinity` for none. */
  linkTtlMs?: number;
  /** Tasks one key may have in progress; more answer 429 / 2000. Default: unlimited. */
  concurrencyLimit?: number;
  /** Largest JSON body accepted. Default 1 MiB. */
  maxJsonBytes?: number;
  /** Largest upload accepted. Default 20 MiB. */
  maxUploadBytes?: number;
}

/** A created task, as tests see it. */
export interface SimTask {
  taskId: string;
  dialect: Dialect;
  type: TaskType;
  /** The JSON request body exactly as received. */
  body: unknown;
  /** Parameters normalised to the v2 vocabulary. */
  params: Params;
  /** Current internal status (v2 vocabulary, or a scripted novel string). */
  status: string;
  progress: number;
  createdAt: number;
  price: number;
  creditsConsumed: number;
  outcome: ScriptedOutcome;
}

/** One API request the simulator saw. The key itself is never recorded. */
export interface SimRequest {
  method: string;
  path: string;
  /** Dialect by path prefix; undefined for the file host and unknown paths. */
  dialect?: Dialect;
  authPresent: boolean;
  /** HTTP status answered; 0 for a dropped connection. */
  status: number;
  traceId: string;
}

/** One hit on the file host. */
export interface SimFileRequest {
  path: string;
  /** Whether the request carried an `Authorization` header (it never should). */
  authorizationSent: boolean;
  status: number;
}

/** A frame of the v2 WebSocket watch. */
export interface WatchFrame {
  event: 'update' | 'finalized';
  data: Record<string, unknown>;
}

/** An open v2 watch: `poll()` returns the frames due now; `done` after the `finalized` frame. */
export interface WatchSession {
  poll(): WatchFrame[];
  readonly done: boolean;
}

const DIALECTS: readonly DialectAdapter[] = [v3Dialect, v2Dialect];
const PRE_FAULTS: ReadonlyArray<FaultKind['kind']> = [
  'rate-limit',
  'server-error',
  'reset',
  'malformed-json',
  'html-error',
];
const STS_FORMATS = ['webp', 'jpeg', 'jpg', 'png', 'glb', 'obj', 'fbx', 'stl'];

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
}

function networkError(): Response {
  return Response.error();
}

/**
 * An in-memory Tripo API (both v3 and v2 dialects) plus a file host. Everything goes through
 * {@link TripoSimulator.handle}, a web-standard `Request → Response` function that the msw handlers and the
 * loopback HTTP server both call. Task states are computed from the clock, so queries are deterministic.
 */
export class TripoSimulator {
  readonly clock: SimClock;
  readonly origin: string;
  readonly timing: SimTiming;
  readonly #options: TripoSimulatorOptions;
  readonly #defaultDialect: DialectAdapter;
  readonly #tasks = new Map<string, TaskRecord>();
  readonly #uploads = new Map<string, Upload>();
  readonly #files = new Map<string, Uint8Array>();
  readonly #requests: SimRequest[] = [];
  readonly #fileRequests: SimFileRequest[] = [];
  readonly #scripts = new ScriptBook();
  readonly #faults = new FaultBook();
  readonly #links: LinkSigner;
  readonly #ledger: CreditLedger;

  constructor(options: TripoSimulatorOptions = {}) {
    this.#options = options;
    this.clock = options.clock ?? new FakeClock();
    this.origin = (options.origin ?? 'http://tripo.test').replace(/\/+$/, '');
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.#defaultDialect = options.apiVersion === 'v2' ? v2Dialect : v3Dialect;
    this.#links = new LinkSigner(options.linkTtlMs ?? 300_000);
    this.#ledger = new CreditLedger(options.initialBalance ?? 3000);
  }

  /** Base URL of a dialect: `${origin}/v3` or `${origin}/v2/openapi`. */
  apiBase(dialect: Dialect = 'v3'): string {
    return `${this.origin}${dialect === 'v2' ? v2Dialect.prefix : v3Dialect.prefix}`;
  }

  /** Scripts how matching tasks end (per task id, task type, or prompt keyword; a string is a keyword). */
  script(match: ScriptMatch, outcome: ScriptedOutcome, options: { times?: number } = {}): ScriptHandle {
    return this.#scripts.add(match, outcome, options.times);
  }

  /** Registers a fault; see {@link FaultSpec} for what it hits and how often. */
  fault(spec: FaultSpec): FaultHandle {
    return this.#faults.add(spec);
  }

  /** Removes every script and fault. */
  clearScenarios(): void {
    this.#scripts.clear();
    this.#faults.clear();
  }

  /** Tasks created so far, oldest first, with their current status. */
  get tasks(): SimTask[] {
    return [...this.#tasks.values()].map((t) => this.#inspect(t));
  }

  /** One task by id. */
  task(taskId: string): SimTask | undefined {
    const t = this.#tasks.get(taskId);
    return t ? this.#inspect(t) : undefined;
  }

  /** API requests seen so far. */
  get requests(): readonly SimRequest[] {
    return this.#requests;
  }

  /** File-host requests seen so far. */
  get fileRequests(): readonly SimFileRequest[] {
    return this.#fileRequests;
  }

  /** Current credits: `balance` spendable, `frozen` held by unfinished tasks. */
  get balance(): { balance: number; frozen: number } {
    this.#settleAll();
    return { balance: this.#ledger.available, frozen: this.#ledger.frozen };
  }

  /** Sets the spendable balance. */
  setBalance(balance: number): void {
    this.#ledger.set(balance);
  }

  /** Handles one request to the API or the file host. Never throws. */
  async handle(request: Request): Promise<Response> {
    const traceId = randomUUID();
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const path = url.pathname;
    if (path.startsWith(`${FILES_PREFIX}/`)) return this.#download(request, url, traceId);
    const entry: SimRequest = {
      method,
      path,
      authPresent: request.headers.has('authorization'),
      status: 0,
      traceId,
    };
    this.#requests.push(entry);
    try {
      const response = await this.#handleApi(request, url, entry, traceId);
      entry.status = response.type === 'error' ? 0 : response.status;
      return response;
    } catch (err) {
      const d = this.#dialectOf(path) ?? this.#defaultDialect;
      const apiErr = err instanceof ApiError ? err : new ApiError(1000);
      entry.status = apiErr.httpStatus;
      return this.#error(d, apiErr, traceId);
    }
  }

  /**
   * Opens a v2 WebSocket watch for the upgrade request `request` (path `/v2/openapi/task/watch/{id}`), or
   * returns the HTTP error response to send instead. Used by the loopback server.
   */
  openWatch(request: Request): { session: WatchSession } | { response: Response } {
    const traceId = randomUUID();
    const url = new URL(request.url);
    const entry: SimRequest = {
      method: 'GET',
      path: url.pathname,
      dialect: 'v2',
      authPresent: request.headers.has('authorization'),
      status: 101,
      traceId,
    };
    this.#requests.push(entry);
    const fail = (err: ApiError): { response: Response } => {
      entry.status = err.httpStatus;
      return { response: this.#error(v2Dialect, err, traceId) };
    };
    const route = url.pathname.startsWith(v2Dialect.prefix)
      ? v2Dialect.match('GET', url.pathname.slice(v2Dialect.prefix.length))
      : undefined;
    if (route?.op !== 'watch' || !route.taskId) return fail(new ApiError(4001));
    const owner = this.#authorize(request.headers.get('authorization'));
    if (!owner) return fail(new ApiError(v2Dialect.authCode));
    const task = this.#owned(route.taskId, owner);
    if (!task) return fail(new ApiError(2001));
    let last = '';
    let done = false;
    return {
      session: {
        get done() {
          return done;
        },
        poll: () => {
          if (done) return [];
          const state = this.#state(task);
          if (state.status !== 'queued' && state.status !== 'running') {
            done = true;
            return [{ event: 'finalized', data: this.#serialize(v2Dialect, task, url.origin) }];
          }
          const key = `${state.status}/${state.progress}/${state.queuePosition}`;
          if (key === last) return [];
          last = key;
          return [{ event: 'update', data: this.#serialize(v2Dialect, task, url.origin) }];
        },
      },
    };
  }

  // ── routing ────────────────────────────────────────────────────────────────

  #dialectOf(path: string): DialectAdapter | undefined {
    return DIALECTS.find((d) => path === d.prefix || path.startsWith(`${d.prefix}/`));
  }

  async #handleApi(request: Request, url: URL, entry: SimRequest, traceId: string): Promise<Response> {
    const method = entry.method;
    if (url.pathname.startsWith(`${UPLOADS_PREFIX}/`) && method === 'PUT') {
      return this.#presignedPut(request, url, traceId);
    }
    const dialect = this.#dialectOf(url.pathname);
    if (dialect) entry.dialect = dialect.name;
    const d = dialect ?? this.#defaultDialect;
    const route = dialect?.match(method, url.pathname.slice(dialect.prefix.length));
    if (!route) return this.#error(d, new ApiError(4001, `No route for ${method} ${url.pathname}.`), traceId);

    const needsJson =
      route.op === 'create' || route.op === 'list' || route.op === 'sts-token' || route.op === 'presign';
    const body: JsonBody | undefined = needsJson
      ? await readJsonObject(request, this.#options.maxJsonBytes ?? 1 << 20)
      : undefined;
    const bodyType = body?.ok ? body.value.type : undefined;
    const target: FaultTarget = {
      kind: route.kind,
      dialect: d.name,
      ...(route.taskType ? { taskType: route.taskType } : isTaskType(bodyType) ? { taskType: bodyType } : {}),
      ...(route.taskId ? { taskId: route.taskId } : {}),
    };
    const early = await this.#preFaults(d, target, request, traceId);
    if (early) return early;

    const owner = this.#authorize(request.headers.get('authorization'));
    if (!owner) return this.#error(d, new ApiError(d.authCode), traceId);
    if (body && !body.ok) return this.#error(d, body.error, traceId);
    const json = body?.ok ? body.value : {};
    const response = await this.#dispatch(d, route, json, request, owner, url.origin, traceId);
    if (this.#faults.take(target, ['reset-after-create'])) return networkError();
    return response;
  }

  async #preFaults(d: DialectAdapter, target: FaultTarget, request: Request, traceId: string) {
    const slow = this.#faults.take(target, ['slow']);
    if (slow?.kind === 'slow') {
      try {
        await this.clock.sleep(slow.delayMs, request.signal);
      } catch {
        return networkError();
      }
    }
    const fault = this.#faults.take(target, PRE_FAULTS);
    return fault ? this.#faultResponse(fault, d, traceId) : undefined;
  }

  #faultResponse(fault: FaultKind, d: DialectAdapter, traceId: string): Response | undefined {
    switch (fault.kind) {
      case 'rate-limit': {
        const retryAfter = String(fault.retryAfterSeconds ?? 2);
        return this.#error(
          d,
          new ApiError(fault.code ?? 2000, undefined, { headers: { 'Retry-After': retryAfter } }),
          traceId,
        );
      }
      case 'server-error': {
        const status = fault.status ?? 500;
        return this.#error(d, new ApiError(1000, undefined, { httpStatus: status }), traceId);
      }
      case 'reset':
        return networkError();
      case 'malformed-json':
        return rawResponse('{"code":0,"data":{"task_id":"', 200, traceId, {
          'content-type': 'application/json',
        });
      case 'html-error': {
        const status = fault.status ?? 502;
        const html = `<!DOCTYPE html><html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`;
        return rawResponse(html, status, traceId, { 'content-type': 'text/html; charset=utf-8' });
      }
      default:
        return undefined;
    }
  }

  async #dispatch(
    d: DialectAdapter,
    route: MatchedRoute,
    body: Record<string, unknown>,
    request: Request,
    owner: string,
    origin: string,
    traceId: string,
  ): Promise<Response> {
    const ok = (data: unknown): Response => jsonResponse(d.success(data), 200, traceId);
    switch (route.op) {
      case 'create':
        return ok({ task_id: this.#create(d, route, body, owner).id });
      case 'query': {
        const task = this.#owned(route.taskId ?? '', owner);
        if (!task) throw new ApiError(2001, `No task \`${route.taskId}\` for this API key.`);
        return ok(this.#serialize(d, task, origin));
      }
      case 'list': {
        const ids = body.task_ids;
        if (
          !Array.isArray(ids) ||
          ids.length === 0 ||
          ids.length > 100 ||
          ids.some((i) => typeof i !== 'string')
        ) {
          throw invalidParam('task_ids', 'must be an array of 1 to 100 task ids');
        }
        const found: Array<Record<string, unknown>> = [];
        const missed: string[] = [];
        for (const id of ids as string[]) {
          const task = this.#owned(id, owner);
          if (task) found.push(this.#serialize(d, task, origin));
          else missed.push(id);
        }
        return ok(d.list(found, missed));
      }
      case 'balance':
        return ok(this.balance);
      case 'upload':
        return ok(d.uploaded(await this.#upload(d, request)));
      case 'sts-token': {
        const format = String(body.format ?? '').toLowerCase();
        if (!STS_FORMATS.includes(format))
          throw invalidParam('format', `must be one of ${STS_FORMATS.join(', ')}`);
        return ok({
          s3_host: new URL(origin).host,
          resource_bucket: 'tripo-data',
          resource_uri: `tcli_simulator/${randomUUID()}.${format}`,
          session_token: randomUUID(),
          sts_ak: 'SIMULATEDACCESSKEY',
          sts_sk: 'simulated-secret',
        });
      }
      case 'presign': {
        const format = String(body.format ?? '').toLowerCase();
        if (!STS_FORMATS.includes(format))
          throw invalidParam('format', `must be one of ${STS_FORMATS.join(', ')}`);
        const token = d.newUploadToken();
        const fileName = `upload.${format}`;
        const kind = ['glb', 'obj', 'fbx', 'stl'].includes(format) ? 'model' : 'image';
        this.#uploads.set(token, { token, fileName, kind, bytes: new Uint8Array(), ready: false });
        const uploadUrl = `${origin}${UPLOADS_PREFIX}/${token}`;
        return ok({ file_token: token, upload_url: uploadUrl, presigned_url: uploadUrl });
      }
      case 'watch':
        throw new ApiError(1004, 'This endpoint needs a WebSocket upgrade.', { httpStatus: 426 });
    }
  }

  // ── tasks ──────────────────────────────────────────────────────────────────

  #create(d: DialectAdapter, route: MatchedRoute, body: Record<string, unknown>, owner: string): TaskRecord {
    const { type, params } = d.toCreate(route, body);
    const inputs = validateCreate(type, params, {
      dialect: d.name,
      findTask: (id) => this.#owned(id, owner),
      statusOf: (t) => this.#state(t).status,
      findUpload: (token) => this.#uploads.get(token),
    });
    const limit = this.#options.concurrencyLimit ?? Infinity;
    const busy = [...this.#tasks.values()].filter(
      (t) => t.owner === owner && !this.#state(t).finalized,
    ).length;
    if (busy >= limit) throw new ApiError(2000, undefined, { headers: { 'Retry-After': '10' } });
    const price = priceOf(type, params);
    if (!this.#ledger.canAfford(price)) throw new ApiError(2010);
    const derived = deriveSubject(type, params, inputs, {
      findUpload: (token) => this.#uploads.get(token),
      findTask: (id) => this.#tasks.get(id),
    });
    const task: TaskRecord = {
      id: randomUUID(),
      type,
      dialect: d.name,
      owner,
      body: structuredClone(body),
      params,
      createdAt: this.clock.now(),
      price,
      subject: derived.subject,
      subjectText: derived.subjectText,
      ...(derived.importedModel ? { importedModel: derived.importedModel } : {}),
      queuedMs: this.timing.queuedMs,
      runningMs: runningMsFor(type, this.timing),
      outcome: this.#scripts.forNewTask(type, derived.keywordText),
      linkVersion: 0,
      revokedThrough: 0,
    };
    this.#ledger.freeze(price);
    this.#tasks.set(task.id, task);
    return task;
  }

  #owned(id: string, owner: string): TaskRecord | undefined {
    const task = this.#tasks.get(id);
    return task && task.owner === owner ? task : undefined;
  }

  #state(task: TaskRecord): TaskState {
    const outcome = this.#scripts.forTask(task.id) ?? task.outcome;
    const state = taskStateAt(task, outcome, this.clock.now(), this.clock.speed ?? 1);
    this.#ledger.settle(task, state);
    return state;
  }

  #settleAll(): void {
    for (const task of this.#tasks.values()) this.#state(task);
  }

  /** Serialises a task for a dialect; a successful task gets freshly versioned output links. */
  #serialize(d: DialectAdapter, task: TaskRecord, origin: string): Record<string, unknown> {
    const state = this.#state(task);
    const view: TaskView = {
      taskId: task.id,
      type: task.type,
      params: task.params,
      state,
      createdAt: task.createdAt,
      creditsConsumed: task.settled === 'charged' ? task.price : 0,
      links: {},
    };
    if (state.status === 'success') {
      task.linkVersion++;
      const outputs = outputsOf(task);
      const now = this.clock.now();
      const links: Partial<Record<OutputSlot, string>> = {};
      for (const f of outputs.files) links[f.slot] = this.#links.link(origin, task, f.fileName, now);
      view.links = links;
      if (outputs.riggable !== undefined) view.riggable = outputs.riggable;
      if (outputs.rigType !== undefined) view.rigType = outputs.rigType;
    }
    return d.task(view);
  }

  #inspect(task: TaskRecord): SimTask {
    const state = this.#state(task);
    return {
      taskId: task.id,
      dialect: task.dialect,
      type: task.type,
      body: task.body,
      params: task.params,
      status: state.status,
      progress: state.progress,
      createdAt: task.createdAt,
      price: task.price,
      creditsConsumed: task.settled === 'charged' ? task.price : 0,
      outcome: this.#scripts.forTask(task.id) ?? task.outcome,
    };
  }

  // ── auth, errors ───────────────────────────────────────────────────────────

  /** Owner id of a valid `Authorization: Bearer <key>` header, else null. */
  #authorize(header: string | null): string | null {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const key = m?.[1];
    if (!key) return null;
    const pinned = this.#options.apiKey;
    const valid = pinned !== undefined ? key === pinned : key.startsWith('tsk_');
    return valid ? hashKey(key) : null;
  }

  #error(d: DialectAdapter, err: ApiError, traceId: string): Response {
    return jsonResponse(d.error(err, traceId), err.httpStatus, traceId, err.headers);
  }

  // ── uploads ────────────────────────────────────────────────────────────────

  async #upload(d: DialectAdapter, request: Request): Promise<string> {
    const limit = this.#options.maxUploadBytes ?? 20 << 20;
    const bytes = await readLimited(request, limit + 64 * 1024);
    if (bytes === null)
      throw new ApiError(d.tooLargeUploadCode, `Files are limited to ${limit} bytes.`, { httpStatus: 413 });
    let form: FormData;
    try {
      const contentType = request.headers.get('content-type') ?? '';
      form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new ApiError(1003, 'Expected a multipart/form-data body with a `file` field.');
    }
    const file = form.get('file');
    if (!(file instanceof Blob)) throw invalidParam('file', 'is required (multipart field `file`)');
    const content = new Uint8Array(await file.arrayBuffer());
    if (content.byteLength === 0) throw new ApiError(2003);
    if (content.byteLength > limit) {
      throw new ApiError(d.tooLargeUploadCode, `Files are limited to ${limit} bytes.`, { httpStatus: 413 });
    }
    const fileName = file instanceof File ? file.name : 'upload';
    const sniffed = sniffUpload(content, fileName);
    if (!sniffed || (d.name === 'v2' && sniffed.kind !== 'image')) {
      throw new ApiError(2004, d.name === 'v2' ? 'Direct uploads take webp, jpeg or png.' : undefined);
    }
    const token = d.newUploadToken();
    this.#uploads.set(token, { token, fileName, kind: sniffed.kind, bytes: content, ready: true });
    return token;
  }

  async #presignedPut(request: Request, url: URL, traceId: string): Promise<Response> {
    const token = decodeURIComponent(url.pathname.slice(UPLOADS_PREFIX.length + 1));
    const upload = this.#uploads.get(token);
    if (!upload) return rawResponse('NoSuchUpload', 404, traceId);
    const bytes = await readLimited(request, this.#options.maxUploadBytes ?? 20 << 20);
    if (bytes === null) return rawResponse('EntityTooLarge', 413, traceId);
    upload.bytes = bytes;
    upload.ready = true;
    return rawResponse(null, 200, traceId);
  }

  // ── file host ──────────────────────────────────────────────────────────────

  async #download(request: Request, url: URL, traceId: string): Promise<Response> {
    const record: SimFileRequest = {
      path: url.pathname,
      authorizationSent: request.headers.has('authorization'),
      status: 0,
    };
    this.#fileRequests.push(record);
    const done = (r: Response): Response => {
      record.status = r.type === 'error' ? 0 : r.status;
      return r;
    };
    const s3Error = (status: number, code: string, message: string): Response =>
      rawResponse(
        `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
        status,
        traceId,
        { 'content-type': 'application/xml' },
      );
    const m = /^\/files\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const task = m ? this.#tasks.get(decodeURIComponent(m[1]!)) : undefined;
    const fileName = m ? decodeURIComponent(m[2]!) : '';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return done(s3Error(405, 'MethodNotAllowed', 'Only GET is allowed.'));
    }
    if (
      !task ||
      this.#state(task).status !== 'success' ||
      !outputsOf(task).files.some((f) => f.fileName === fileName)
    ) {
      return done(s3Error(404, 'NoSuchKey', 'The specified key does not exist.'));
    }
    const target: FaultTarget = { kind: 'download', taskType: task.type, taskId: task.id };
    const slow = this.#faults.take(target, ['slow']);
    if (slow?.kind === 'slow') {
      try {
        await this.clock.sleep(slow.delayMs, request.signal);
      } catch {
        return done(networkError());
      }
    }
    const fault = this.#faults.take(target, [...PRE_FAULTS, 'expired-link', 'truncated-download']);
    if (fault?.kind === 'expired-link') task.revokedThrough = task.linkVersion;
    const check = this.#links.check(task, fileName, url.searchParams, this.clock.now());
    if (check !== 'ok') {
      return done(
        s3Error(403, 'AccessDenied', check === 'invalid' ? 'Invalid signature.' : 'Request has expired.'),
      );
    }
    if (fault && fault.kind !== 'truncated-download') {
      const early =
        fault.kind === 'expired-link' ? undefined : this.#faultResponse(fault, this.#defaultDialect, traceId);
      if (early) return done(early);
    }
    const key = `${task.id}/${fileName}`;
    let bytes = this.#files.get(key);
    if (!bytes) {
      bytes = renderOutputFile(task, fileName);
      this.#files.set(key, bytes);
    }
    const headers = { 'content-type': contentTypeOf(fileName), 'content-length': String(bytes.byteLength) };
    if (request.method === 'HEAD') return done(rawResponse(null, 200, traceId, headers));
    if (fault?.kind === 'truncated-download') {
      const part = bytes.slice(0, Math.max(1, Math.floor(bytes.byteLength / 2)));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(part);
          setTimeout(() => controller.error(new TypeError('terminated: connection closed mid-body')), 5);
        },
      });
      return done(rawResponse(stream, 200, traceId, headers));
    }
    return done(rawResponse(new Uint8Array(bytes) as Uint8Array<ArrayBuffer>, 200, traceId, headers));
  }
}
