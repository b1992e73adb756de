import { createHash, randomUUID } from 'node:crypto';
import { FakeClock, type SimClock } from './clock.js';
import { CreditLedger } from './credits.js';
import { deriveGeometry } from './derived-geometry.js';
import type { DialectAdapter, MatchedRoute, TaskView } from './dialects/dialect.js';
import { v2Dialect } from './dialects/v2.js';
import { createV3Dialect } from './dialects/v3.js';
import { ApiError, invalidParam } from './errors.js';
import { FaultBook, type FaultHandle, type FaultSpec, type FaultTarget } from './faults.js';
import { FileHost, type SimFileRequest } from './file-host.js';
import { type JsonBody, jsonResponse, readJsonObject } from './http.js';
import { FILES_PREFIX } from './links.js';
import { ScriptBook, type ScriptedOutcome, type ScriptHandle, type ScriptMatch } from './outcomes.js';
import { type OutputSlot, outputsOf } from './outputs.js';
import { priceOf } from './pricing.js';
import { errorResponse, faultResponse, networkError, PRE_FAULTS, slowFault } from './responses.js';
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
import { UPLOADS_PREFIX, UploadStore, uploadFormat } from './uploads.js';
import { validateCreate } from './validation.js';
import { DEFAULT_V3_VARIANTS, type V3WireVariants } from './variants.js';

export type { SimFileRequest } from './file-host.js';

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
  /** Which of the documented v3 wire shapes to serve where public sources disagree. */
  v3?: V3WireVariants;
  /**
   * Read v3 creation bodies like the strictest sources: a 3D generation without a model version answers
   * 400/1004 (no default version), image models by alias only, a `/tasks/list` holding
   * an id that is no task id is refused as a whole (400/1004), and a presigned upload URL takes only
   * `Content-Type: application/octet-stream`. Default `false`: v3 then defaults a missing
   * version to v3.1-20260211 and takes any upload content type. Either way v3 refuses the versions retired
   * there and v2's image model names (400/1004).
   */
  strictV3?: boolean;
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
  /** The tasks the request asked about: the id in a query's path, or every id of a batch query. */
  taskIds?: string[];
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

/** A bare UUID or a `task_`-prefixed id: the two shapes Tripo's task ids take. */
function isTaskIdShape(id: string): boolean {
  return (
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ||
    /^task_[A-Za-z0-9_-]+$/.test(id)
  );
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 24);
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
  readonly #dialects: readonly DialectAdapter[];
  readonly #defaultDialect: DialectAdapter;
  readonly #tasks = new Map<string, TaskRecord>();
  readonly #uploads: UploadStore;
  readonly #files: FileHost;
  readonly #requests: SimRequest[] = [];
  readonly #scripts = new ScriptBook();
  readonly #faults = new FaultBook();
  readonly #ledger: CreditLedger;

  constructor(options: TripoSimulatorOptions = {}) {
    this.#options = options;
    this.clock = options.clock ?? new FakeClock();
    this.origin = (options.origin ?? 'http://tripo.test').replace(/\/+$/, '');
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    const v3 = createV3Dialect({
      variants: { ...DEFAULT_V3_VARIANTS, ...options.v3 },
      strict: options.strictV3 ?? false,
    });
    this.#dialects = [v3, v2Dialect];
    this.#defaultDialect = options.apiVersion === 'v2' ? v2Dialect : v3;
    this.#uploads = new UploadStore(options.maxUploadBytes ?? 20 << 20);
    this.#files = new FileHost({
      clock: this.clock,
      linkTtlMs: options.linkTtlMs ?? 300_000,
      faults: this.#faults,
      dialect: this.#defaultDialect,
      findTask: (id) => this.#tasks.get(id),
      succeeded: (task) => this.#state(task).status === 'success',
    });
    this.#ledger = new CreditLedger(options.initialBalance ?? 3000);
  }

  /** Base URL of a dialect: `${origin}/v3` or `${origin}/v2/openapi`. */
  apiBase(dialect: Dialect = 'v3'): string {
    return `${this.origin}${dialect === 'v2' ? v2Dialect.prefix : '/v3'}`;
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
    return this.#files.requests;
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
    if (path.startsWith(`${FILES_PREFIX}/`)) return this.#files.serve(request, url, traceId);
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
      return errorResponse(d, apiErr, traceId);
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
      return { response: errorResponse(v2Dialect, err, traceId) };
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
    return this.#dialects.find((d) => path === d.prefix || path.startsWith(`${d.prefix}/`));
  }

  async #handleApi(request: Request, url: URL, entry: SimRequest, traceId: string): Promise<Response> {
    const method = entry.method;
    if (url.pathname.startsWith(`${UPLOADS_PREFIX}/`) && method === 'PUT') {
      // The stricter reading: the presigned URL is signed for the type both third-party v3 clients send.
      const signed = this.#options.strictV3 ? 'application/octet-stream' : undefined;
      return this.#uploads.put(request, url, traceId, signed);
    }
    const dialect = this.#dialectOf(url.pathname);
    if (dialect) entry.dialect = dialect.name;
    const d = dialect ?? this.#defaultDialect;
    const route = dialect?.match(method, url.pathname.slice(dialect.prefix.length));
    if (!route)
      return errorResponse(d, new ApiError(4001, `No route for ${method} ${url.pathname}.`), traceId);

    const needsJson =
      route.op === 'create' || route.op === 'list' || route.op === 'sts-token' || route.op === 'presign';
    const body: JsonBody | undefined = needsJson
      ? await readJsonObject(request, this.#options.maxJsonBytes ?? 1 << 20)
      : undefined;
    const bodyType = body?.ok ? body.value.type : undefined;
    const askedIds = route.op === 'list' && body?.ok ? body.value.task_ids : undefined;
    if (route.taskId) entry.taskIds = [route.taskId];
    else if (Array.isArray(askedIds)) entry.taskIds = askedIds.filter((id) => typeof id === 'string');
    const target: FaultTarget = {
      kind: route.kind,
      dialect: d.name,
      ...(route.taskType ? { taskType: route.taskType } : isTaskType(bodyType) ? { taskType: bodyType } : {}),
      ...(route.taskId ? { taskId: route.taskId } : {}),
    };
    const early = await this.#preFaults(d, target, request, traceId);
    if (early) return early;

    const owner = this.#authorize(request.headers.get('authorization'));
    if (!owner) return errorResponse(d, new ApiError(d.authCode), traceId);
    if (body && !body.ok) return errorResponse(d, body.error, traceId);
    const json = body?.ok ? body.value : {};
    const response = await this.#dispatch(d, route, json, request, owner, url.origin, traceId);
    if (this.#faults.take(target, ['reset-after-create'])) return networkError();
    return response;
  }

  async #preFaults(d: DialectAdapter, target: FaultTarget, request: Request, traceId: string) {
    const dropped = await slowFault(this.#faults, target, this.clock, request.signal);
    if (dropped) return dropped;
    const fault = this.#faults.take(target, PRE_FAULTS);
    return fault ? faultResponse(fault, d, traceId) : undefined;
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
        if (this.#options.strictV3 && d.name === 'v3') {
          // The strict reading: one id that is no task id at all refuses the whole batch.
          const bad = (ids as string[]).findIndex((id) => !isTaskIdShape(id));
          if (bad >= 0) throw invalidParam(`task_ids[${bad}]`, 'is not a task id');
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
        return ok(d.uploaded(await this.#uploads.receive(d, request)));
      case 'sts-token': {
        const format = uploadFormat(body.format);
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
        const { file_token, upload_url } = this.#uploads.presign(d, origin, uploadFormat(body.format));
        return ok({ file_token, upload_url, presigned_url: upload_url });
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
      id: d.newTaskId(),
      type,
      dialect: d.name,
      owner,
      body: structuredClone(body),
      params,
      createdAt: this.clock.now(),
      price,
      subject: derived.subject,
      geometry: deriveGeometry(type, params, inputs.source),
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
      const links: Partial<Record<OutputSlot, string>> = {};
      for (const f of outputs.files) links[f.slot] = this.#files.link(origin, task, f.fileName);
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

  // ── auth ───────────────────────────────────────────────────────────

  /** Owner id of a valid `Authorization: Bearer <key>` header, else null. */
  #authorize(header: string | null): string | null {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    const key = m?.[1];
    if (!key) return null;
    const pinned = this.#options.apiKey;
    const valid = pinned !== undefined ? key === pinned : key.startsWith('tsk_');
    return valid ? hashKey(key) : null;
  }
}
