import type { Clock } from '../clock.js';
import { TripoError } from '../errors.js';
import { type DownloadOptions, type DownloadResult, downloadTaskOutput } from '../files/download.js';
import { createRedactor, type Redactor, redactDeep } from '../redact.js';
import type { WaitDeps, WaitOptions } from '../wait/types.js';
import { waitForTask } from '../wait/wait-for-task.js';
import { createWebSocketTaskWatch, type WebSocketConstructorLike } from '../wait/websocket-watch.js';
import { type Balance, parseBalance } from './balance.js';
import type { Dialect } from './dialects/types.js';
import { v2Dialect } from './dialects/v2.js';
import { v3Dialect } from './dialects/v3.js';
import { type ApiResponse, HttpClient } from './http.js';
import { prepareModelUpload, type UploadedModel } from './model-upload.js';
import { normalizeTask } from './normalize.js';
import {
  type ResolvedClientOptions,
  type ResolvedClientSettings,
  resolveClientOptions,
  type TripoClientOptions,
} from './options.js';
import { outcomeUnknown } from './outcome-unknown.js';
import { field, stringField } from './raw-fields.js';
import type { CreateTaskRequest } from './requests/index.js';
import { RequestScheduler, type SchedulerStats } from './scheduler.js';
import type { Task } from './task.js';
import { TaskBatcher } from './task-batcher.js';
import { BATCH_QUERY_LIMIT, batchRouteUnusable, rawTasksById } from './task-list.js';
import { prepareUpload, type UploadedFile, type UploadOptions, type UploadSource } from './upload.js';
import { presignedUpload, putToUploadHost } from './upload-host.js';
import { uploaded } from './upload-source.js';
import { validateCreateTaskRequest, validateTaskId } from './validate.js';

/** Options of calls that take only an abort signal. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** A task Tripo accepted. */
export interface CreatedTask {
  taskId: string;
  /** Quote it to Tripo support. */
  traceId?: string;
}

/** Result of {@link TripoClient.getTasks}. */
export interface TaskBatch {
  /** The tasks found, in the order asked. */
  tasks: Task[];
  /** Ids Tripo did not know (wrong id, or created with another key). */
  notFound: string[];
}

/** WebSockets open at once for waits; more waiters poll instead (the scheduler paces their polls). */
const MAX_WATCHES = 32;

/**
 * The typed Tripo client. One instance talks one dialect (`v3` by default, or `v2`) to one base URL, and shares
 * one request scheduler (rate and concurrency caps) across all its calls.
 *
 * @example
 * const tripo = new TripoClient(); // reads TRIPO_API_KEY
 * const { taskId } = await tripo.createTask({ type: 'text_to_model', prompt: 'a red fox', model_version: 'v3.1-20260211' });
 * const task = await tripo.waitForTask(taskId);
 */
export class TripoClient {
  /** Resolved settings (no key). */
  readonly settings: Readonly<ResolvedClientSettings>;
  /** The clock the client sleeps on. */
  readonly clock: Clock;
  /**
   * Masks this client's API key (whatever its shape, as written, URL-encoded or JSON-escaped) and anything shaped
   * like a Tripo key, in any text. Answers from Tripo pass through it before anything reads them.
   */
  readonly redact: Redactor;
  /** Holds the key: ES private fields never show in logs, `JSON.stringify` or inspection. */
  readonly #options: ResolvedClientOptions;
  readonly #http: HttpClient;
  readonly #scheduler: RequestScheduler;
  readonly #dialect: Dialect;
  /** Coalesces the polls of concurrent waits (v3 with `batchPolling`). */
  readonly #batcher: TaskBatcher | undefined;
  #activeWatches = 0;

  constructor(options: TripoClientOptions = {}) {
    this.#options = resolveClientOptions(options);
    this.redact = createRedactor([this.#options.apiKey]);
    const { apiKey: _key, fetch: _fetch, clock, webSocket: _ws, ...settings } = this.#options;
    this.clock = clock;
    this.settings = Object.freeze(settings);
    this.#dialect = settings.apiVersion === 'v2' ? v2Dialect : v3Dialect;
    this.#scheduler = new RequestScheduler(clock, settings);
    this.#http = new HttpClient({ ...this.#options, scheduler: this.#scheduler });
    const batchPath = this.#dialect.batchPath;
    if (settings.batchPolling && batchPath !== undefined) {
      this.#batcher = new TaskBatcher({
        clock,
        path: batchPath,
        windowMs: settings.batchPolling.windowMs,
        send: (build, signal) => this.#http.requestWhenAdmitted(build, signal),
        getTask: (id, o) => this.getTask(id, o),
        normalize: (raw, id) => normalizeTask(raw, this.#dialect.version, id),
      });
    }
  }

  /** `v3` or `v2`. */
  get apiVersion(): ResolvedClientSettings['apiVersion'] {
    return this.settings.apiVersion;
  }

  /** The API base URL in use. */
  get baseUrl(): string {
    return this.settings.baseUrl;
  }

  /** Live counters of the shared request scheduler. */
  get requestStats(): SchedulerStats {
    return this.#scheduler.stats;
  }

  /**
   * Creates a task and returns its id. The request is validated first (nothing is sent if it is invalid:
   * `TripoError('invalid_request')` naming the field), then sent exactly once: a create that may have reached
   * Tripo is never repeated; when its outcome is unclear it fails with `TripoError('outcome_unknown')`.
   */
  async createTask(request: CreateTaskRequest, options: CallOptions = {}): Promise<CreatedTask> {
    const valid = validateCreateTaskRequest(request);
    const wire = this.#dialect.createTask(valid);
    const action = `creating a ${valid.type} task`;
    const response = await this.#http.request({
      method: 'POST',
      path: wire.path,
      json: wire.body,
      createsTask: true,
      action,
      signal: options.signal,
    });
    const data = response.data;
    const task = field(data, 'task');
    const rawId = field(data, 'task_id') ?? field(data, 'id') ?? field(task, 'task_id') ?? field(task, 'id');
    const details = { httpStatus: response.httpStatus, traceId: response.traceId };
    if (rawId === undefined || rawId === null || rawId === '') {
      throw outcomeUnknown(action, 'Tripo accepted it but its answer carries no task id', details);
    }
    let taskId: string;
    try {
      taskId = validateTaskId(rawId);
    } catch {
      // Tripo said yes, so a task may exist; its id is quoted (scrubbed, shortened) to be looked up by hand.
      const raw = this.#http.scrub(typeof rawId === 'string' ? rawId : JSON.stringify(rawId)).slice(0, 120);
      throw outcomeUnknown(
        action,
        `Tripo accepted it but answered with a task id TripoKit cannot use safely (raw id: ${JSON.stringify(raw)})`,
        details,
      );
    }
    return response.traceId === undefined ? { taskId } : { taskId, traceId: response.traceId };
  }

  /** Reads one task, normalised to the same {@link Task} shape from both dialects. Retries transient failures. */
  async getTask(taskId: string, options: CallOptions = {}): Promise<Task> {
    const id = validateTaskId(taskId);
    const response = await this.#http.request({
      method: 'GET',
      path: this.#dialect.taskPath(id),
      action: `reading task ${id}`,
      taskId: id,
      signal: options.signal,
    });
    return normalizeTask(response.data, this.#dialect.version, id);
  }

  /**
   * Reads many tasks: one `POST /tasks/list` per 100 ids on v3, individual reads on v2 (or when the batch
   * route does not serve). All reads share the scheduler, so a thousand ids never become a storm.
   */
  async getTasks(taskIds: readonly string[], options: CallOptions = {}): Promise<TaskBatch> {
    const ids = [...new Set(taskIds.map(validateTaskId))];
    const batchPath = this.#dialect.batchPath;
    const batched =
      batchPath !== undefined && ids.length > 0
        ? await this.#readBatches(batchPath, ids, options)
        : undefined;
    const found = batched ?? (await this.#readEach(ids, options));
    const tasks: Task[] = [];
    const notFound: string[] = [];
    for (const id of ids) {
      const task = found.get(id);
      if (task) tasks.push(task);
      else notFound.push(id);
    }
    return { tasks, notFound };
  }

  /** The tasks of batch queries of up to 100 ids each; `undefined` when the batch route does not serve. */
  async #readBatches(
    path: string,
    ids: readonly string[],
    options: CallOptions,
  ): Promise<Map<string, Task> | undefined> {
    const chunks: string[][] = [];
    for (let i = 0; i < ids.length; i += BATCH_QUERY_LIMIT) chunks.push(ids.slice(i, i + BATCH_QUERY_LIMIT));
    let answers: ApiResponse[];
    try {
      answers = await Promise.all(
        chunks.map((chunk) =>
          this.#http.request({
            method: 'POST',
            path,
            json: { task_ids: chunk },
            action: `reading ${chunk.length} tasks`,
            signal: options.signal,
          }),
        ),
      );
    } catch (error) {
      if (batchRouteUnusable(error)) return undefined;
      throw error;
    }
    const found = new Map<string, Task>();
    for (const { data } of answers) {
      const byId = rawTasksById(data);
      if (byId === undefined) return undefined;
      for (const [id, raw] of byId) found.set(id, normalizeTask(raw, this.#dialect.version, id));
    }
    return found;
  }

  /** The tasks of individual reads; an id Tripo does not know is left out. */
  async #readEach(ids: readonly string[], options: CallOptions): Promise<Map<string, Task>> {
    const found = new Map<string, Task>();
    await Promise.all(
      ids.map(async (id) => {
        try {
          found.set(id, await this.getTask(id, options));
        } catch (error) {
          if (!(error instanceof TripoError && error.code === 'not_found')) throw error;
        }
      }),
    );
    return found;
  }

  /**
   * Uploads a JPEG, PNG or WebP image (a local path or bytes, at most 20 MB, refused before sending) and returns
   * a file reference to use as any image input, e.g. `{ type: 'image_to_model', file: uploaded.file }`.
   */
  async uploadFile(source: UploadSource, options: UploadOptions = {}): Promise<UploadedFile> {
    const prepared = await prepareUpload(source, options);
    const form = new FormData();
    form.append('file', prepared.blob, prepared.filename);
    const response = await this.#http.request({
      method: 'POST',
      path: this.#dialect.uploadPath,
      form,
      action: `uploading ${prepared.filename}`,
      signal: options.signal,
    });
    const token = stringField(response.data, 'file_token', 'image_token', 'token');
    if (token === undefined) {
      throw new TripoError('server', 'Tripo’s upload answer carries no file token.', {
        traceId: response.traceId,
        retryable: true,
      });
    }
    return uploaded(prepared.type, token, prepared.bytes);
  }

  /**
   * Uploads a 3D model file (GLB, OBJ, FBX or STL; a local path or bytes, under 150 MB, refused before sending)
   * for `import_model`: `{ type: 'import_model', file: uploaded.file }`. v3 only: it asks Tripo for a presigned
   * URL and PUTs the bytes there, without the API key. On v2 Tripo takes model files only through S3-signed
   * STS uploads, which TripoKit does not make; there it fails with `TripoError('invalid_request')`.
   */
  async uploadModel(source: UploadSource, options: UploadOptions = {}): Promise<UploadedModel> {
    const presignPath = this.#dialect.presignPath;
    if (presignPath === undefined) {
      throw new TripoError(
        'invalid_request',
        `Local 3D model files can be uploaded only with the v3 API; on ${this.apiVersion} Tripo takes them only through S3-signed STS uploads, which TripoKit does not make.`,
        {
          field: 'file',
          suggestion: 'Give the model as an http(s) URL, or use the v3 API (apiVersion "v3").',
        },
      );
    }
    const prepared = await prepareModelUpload(source, options);
    const response = await this.#http.request({
      method: 'POST',
      path: presignPath,
      json: { format: prepared.type },
      action: `preparing the upload of ${prepared.filename}`,
      signal: options.signal,
    });
    const target = presignedUpload(response.data);
    if (target === undefined) {
      throw new TripoError('server', 'Tripo’s presign answer carries no upload URL or file token.', {
        traceId: response.traceId,
        retryable: true,
      });
    }
    // The upload host is not Tripo's API: no key, and no slot under the API's rate cap for a long PUT.
    const host = { fetch: this.#options.fetch, clock: this.clock, timeoutMs: this.settings.timeoutMs };
    await putToUploadHost(host, target.url, prepared, options.signal);
    return uploaded(prepared.type, target.fileToken, prepared.bytes.byteLength);
  }

  /** The account's credits: spendable `balance` and `frozen` (held by running tasks). */
  async getBalance(options: CallOptions = {}): Promise<Balance> {
    const response = await this.#http.request({
      method: 'GET',
      path: this.#dialect.balancePath,
      action: 'reading the balance',
      signal: options.signal,
    });
    return parseBalance(response.data, response.traceId);
  }

  /**
   * Waits until a task is final and returns it, whatever the outcome (read it with `interpretTask`). Polls
   * adaptively through the shared scheduler; on v3 the polls of concurrent waits share batch queries
   * (`batchPolling`), on v2 it follows the task's WebSocket when available.
   */
  waitForTask(taskId: string, options: WaitOptions = {}): Promise<Task> {
    return waitForTask(this.#waitDeps(), validateTaskId(taskId), options);
  }

  /**
   * Downloads one output of a successful task into `options.dir`, re-querying the task for fresh links. The
   * file host never receives the API key. Files over `maxDownloadBytes` (default 2 GiB) are refused, and so are
   * links to non-public addresses other than the API's own host, unless `allowPrivateDownloads` allows them.
   */
  downloadTaskOutput(taskId: string, options: DownloadOptions): Promise<DownloadResult> {
    return downloadTaskOutput(
      {
        getTask: (id, o) => this.getTask(id, o),
        fetch: this.#options.fetch,
        clock: this.clock,
        redact: this.redact,
        trustedHosts: [new URL(this.baseUrl).host],
      },
      validateTaskId(taskId),
      {
        ...options,
        maxBytes: options.maxBytes ?? this.settings.maxDownloadBytes,
        allowPrivateDownloads: options.allowPrivateDownloads ?? this.settings.allowPrivateDownloads,
      },
    );
  }

  /** A key-free description, so logging a client never shows the key. */
  toJSON(): Record<string, unknown> {
    return { ...this.settings };
  }

  #waitDeps(): WaitDeps {
    const batcher = this.#batcher;
    const deps: WaitDeps = {
      getTask: batcher ? (id, o) => batcher.getTask(id, o) : (id, o) => this.getTask(id, o),
      clock: this.clock,
    };
    const watchUrl = this.#dialect.watchUrl;
    const choice = this.#options.webSocket;
    const Impl =
      typeof choice === 'function'
        ? choice
        : choice
          ? (globalThis.WebSocket as unknown as WebSocketConstructorLike | undefined)
          : undefined;
    if (watchUrl === undefined || Impl === undefined) return deps;
    const watch = createWebSocketTaskWatch({
      url: (id) => watchUrl(this.baseUrl, id),
      headers: this.#http.authHeaders(),
      parseTask: (data) => normalizeTask(redactDeep(data, this.redact), 'v2'),
      WebSocket: Impl,
    });
    deps.watch = async (id, onTask, signal) => {
      if (this.#activeWatches >= MAX_WATCHES) {
        throw new TripoError('rate_limited', 'Too many task watches open; polling instead.', { taskId: id });
      }
      this.#activeWatches++;
      try {
        // Opening a socket is a request too: it takes a slot under the rate cap.
        await this.#scheduler.run(async () => undefined, signal);
        await watch(id, onTask, signal);
      } finally {
        this.#activeWatches--;
      }
    };
    return deps;
  }
}
