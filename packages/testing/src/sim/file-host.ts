import type { SimClock } from './clock.js';
import type { DialectAdapter } from './dialects/dialect.js';
import type { FaultBook, FaultTarget } from './faults.js';
import { rawResponse } from './http.js';
import { LinkSigner } from './links.js';
import { contentTypeOf, outputsOf, renderOutputFile } from './outputs.js';
import { faultResponse, PRE_FAULTS, slowFault } from './responses.js';
import type { TaskRecord } from './tasks.js';

/** One hit on the file host. */
export interface SimFileRequest {
  path: string;
  /** Whether the request carried an `Authorization` header (it never should). */
  authorizationSent: boolean;
  /** HTTP status answered; 0 for a dropped connection. */
  status: number;
}

/** What the file host needs from the simulator. */
export interface FileHostDeps {
  clock: SimClock;
  linkTtlMs: number;
  faults: FaultBook;
  /** Dialect whose envelope API-style faults (5xx) use on downloads. */
  dialect: DialectAdapter;
  findTask(id: string): TaskRecord | undefined;
  /** Whether a task has succeeded (settling its credits as a side effect). */
  succeeded(task: TaskRecord): boolean;
}

function s3Error(status: number, code: string, message: string, traceId: string): Response {
  const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return rawResponse(xml, status, traceId, { 'content-type': 'application/xml' });
}

/** A body that sends the first half, then fails like a connection dropped mid-transfer. */
function truncated(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const part = bytes.slice(0, Math.max(1, Math.floor(bytes.byteLength / 2)));
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(part);
      setTimeout(() => controller.error(new TypeError('terminated: connection closed mid-body')), 5);
    },
  });
}

/**
 * The simulated download host (`/files/<taskId>/<file>`): signed, versioned, expiring links; files generated
 * on first download and cached; no authentication (and a record of whether a client sent some anyway).
 */
export class FileHost {
  readonly requests: SimFileRequest[] = [];
  readonly #deps: FileHostDeps;
  readonly #links: LinkSigner;
  readonly #cache = new Map<string, Uint8Array>();

  constructor(deps: FileHostDeps) {
    this.#deps = deps;
    this.#links = new LinkSigner(deps.linkTtlMs);
  }

  /** A fresh link to `fileName` of `task` (at the task's current link version). */
  link(origin: string, task: TaskRecord, fileName: string): string {
    return this.#links.link(origin, task, fileName, this.#deps.clock.now());
  }

  async serve(request: Request, url: URL, traceId: string): Promise<Response> {
    const record: SimFileRequest = {
      path: url.pathname,
      authorizationSent: request.headers.has('authorization'),
      status: 0,
    };
    this.requests.push(record);
    const response = await this.#serve(request, url, traceId);
    record.status = response.type === 'error' ? 0 : response.status;
    return response;
  }

  async #serve(request: Request, url: URL, traceId: string): Promise<Response> {
    const { clock, faults } = this.#deps;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return s3Error(405, 'MethodNotAllowed', 'Only GET is allowed.', traceId);
    }
    const m = /^\/files\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const task = m ? this.#deps.findTask(decodeURIComponent(m[1]!)) : undefined;
    const fileName = m ? decodeURIComponent(m[2]!) : '';
    if (!task || !this.#deps.succeeded(task) || !outputsOf(task).files.some((f) => f.fileName === fileName)) {
      return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', traceId);
    }
    const target: FaultTarget = { kind: 'download', taskType: task.type, taskId: task.id };
    const dropped = await slowFault(faults, target, clock, request.signal);
    if (dropped) return dropped;
    const fault = faults.take(target, [...PRE_FAULTS, 'expired-link', 'truncated-download']);
    if (fault?.kind === 'expired-link') task.revokedThrough = task.linkVersion;
    const check = this.#links.check(task, fileName, url.searchParams, clock.now());
    if (check !== 'ok') {
      const message = check === 'invalid' ? 'Invalid signature.' : 'Request has expired.';
      return s3Error(403, 'AccessDenied', message, traceId);
    }
    const early = fault ? faultResponse(fault, this.#deps.dialect, traceId) : undefined;
    if (early) return early;

    const key = `${task.id}/${fileName}`;
    let bytes = this.#cache.get(key);
    if (!bytes) {
      bytes = renderOutputFile(task, fileName);
      this.#cache.set(key, bytes);
    }
    const headers = { 'content-type': contentTypeOf(fileName), 'content-length': String(bytes.byteLength) };
    if (request.method === 'HEAD') return rawResponse(null, 200, traceId, headers);
    if (fault?.kind === 'truncated-download') return rawResponse(truncated(bytes), 200, traceId, headers);
    return rawResponse(new Uint8Array(bytes) as Uint8Array<ArrayBuffer>, 200, traceId, headers);
  }
}
