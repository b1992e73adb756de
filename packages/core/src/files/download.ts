import { mkdir } from 'node:fs/promises';
import type { Task } from '../client/task.js';
import { type Clock, systemClock } from '../clock.js';
import { cancelledError, TripoError } from '../errors.js';
import { type Redactor, redactError } from '../redact.js';
import { interpretTask } from '../status/interpret.js';
import { hostOf } from '../text.js';
import type { GetTask } from '../wait/types.js';
import { type PrivateDownloads, privateHostRefusal, type ResolveHost } from './address-policy.js';
import { downloadFileName, resolveInside } from './file-name.js';
import { detectFileType, downloadMismatch } from './file-type.js';
import { DEFAULT_MAX_DOWNLOAD_BYTES } from './limits.js';
import { selectTaskOutput, type TaskOutputFile, type TaskOutputName } from './outputs.js';
import { type StallWatch, startStallWatch } from './stall-watch.js';
import { commitTempFile, removeQuietly, removeStaleTempFiles, writeTempFile } from './temp-file.js';

/** A `fetch` for the file host. Pass a plain one: never one that adds Tripo's `Authorization` header. */
export type FileFetch = (url: string, init: RequestInit) => Promise<Response>;

/** What {@link downloadTaskOutput} needs from its surroundings. */
export interface DownloadDeps {
  /** Re-queries the task for fresh links (they expire within minutes). */
  getTask: GetTask;
  fetch: FileFetch;
  /** For the pause before retrying a failing file host. Default: the system clock. */
  clock?: Clock;
  /**
   * Masks the API key (`TripoClient.redact`): a link, or a redirect, that carries the key is never followed, so
   * the key never reaches a file host.
   */
  redact?: Redactor;
  /** Hosts (`host` or `host:port`) reached even on a non-public address: `TripoClient` passes its API's host. */
  trustedHosts?: readonly string[];
  /** Resolves a link's host name, to check its addresses. Default: the system resolver. */
  resolveHost?: ResolveHost;
}

/** Options of {@link downloadTaskOutput}. */
export interface DownloadOptions {
  /** The folder to write into; created when missing. Nothing is written outside it. */
  dir: string;
  /** Which file; default the best model (PBR, plain, base), else an image. */
  output?: TaskOutputName;
  signal?: AbortSignal;
  /** A plain file name to use instead of `<taskId>_<output><ext>`; gets the detected extension if it has none. */
  filename?: string;
  /** Gives up on a file host that sends nothing (no answer, or no new bytes) for this long. Default 60 s. */
  stallTimeoutMs?: number;
  /**
   * The largest file accepted, in bytes: a larger `Content-Length` is refused before reading, and a body that
   * grows past it is cut off; nothing is saved either way. Default {@link DEFAULT_MAX_DOWNLOAD_BYTES} (2 GiB);
   * `TripoClient` passes its `maxDownloadBytes` (env `TRIPOKIT_MAX_DOWNLOAD_BYTES`).
   */
  maxBytes?: number;
  /**
   * Links (and redirects) to private, loopback, link-local or other non-public addresses (10/8, 172.16/12,
   * 192.168/16, 127/8, 169.254/16 with cloud metadata, fc00::/7, ::1, …), by literal or by what their name
   * resolves to, are refused unless allowed here: `true` for any, or a list of hosts (`host` or `host:port`).
   * Default `false`; `TripoClient` passes its `allowPrivateDownloads` (env `TRIPOKIT_ALLOW_PRIVATE_DOWNLOADS`)
   * and always allows its own API host.
   */
  allowPrivateDownloads?: PrivateDownloads;
  /**
   * Replace a file already at the target name. Default `false`: an existing file is never replaced; if it holds
   * the very same bytes it is kept as the result, else the download takes the next free name (`robot-2.glb`).
   */
  overwrite?: boolean;
}

/** A file written by {@link downloadTaskOutput}. */
export interface DownloadResult {
  /** Absolute path of the file. */
  path: string;
  bytes: number;
  /** Hex SHA-256 of the file's bytes. */
  sha256: string;
  contentType: string;
  /** Which output of the task this is. */
  output: TaskOutputName;
}

export { DEFAULT_MAX_DOWNLOAD_BYTES } from './limits.js';

/** Only these go to the file host: no credentials, no cookies, no referrer. */
const FILE_HOST_HEADERS: Readonly<Record<string, string>> = { accept: '*/*' };
/** Redirects followed per link, each checked like the link itself. */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Expired or revoked links: worth one fresh link straight away. */
const LINK_REFUSED = new Set([401, 403, 404, 410]);
/** A struggling file host gets a moment before the one retry. */
const HOST_RETRY_PAUSE_MS = 1_000;
/** How long a file host may stay silent before the download is given up. */
export const DEFAULT_STALL_TIMEOUT_MS = 60_000;

type Attempt = { done: DownloadResult } | { retry: TripoError; pauseMs: number };

/** Why a link (or a redirect) is not followed, worded for a message; `undefined` when it may be. */
async function refusalOf(
  url: string,
  deps: DownloadDeps,
  options: DownloadOptions,
  signal: AbortSignal,
): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid link';
  }
  if (!/^https?:$/.test(parsed.protocol)) return 'is not an http(s) link';
  if (parsed.username || parsed.password) return 'carries credentials';
  if (deps.redact && deps.redact(url) !== url)
    return 'carries the API key, which is never sent to a file host';
  return privateHostRefusal(parsed, {
    allow: options.allowPrivateDownloads,
    trusted: deps.trustedHosts,
    resolve: deps.resolveHost,
    signal,
  });
}

/**
 * Fetches `url`, following redirects by hand so that each hop is checked like the link itself before anything
 * is sent there. Returns the final answer (a redirect's own body is discarded).
 */
async function fetchFollowing(
  deps: DownloadDeps,
  url: string,
  options: DownloadOptions,
  signal: AbortSignal,
  refuse: (reason: string) => TripoError,
): Promise<Response> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await deps.fetch(current, {
      method: 'GET',
      headers: { ...FILE_HOST_HEADERS },
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      redirect: 'manual',
      signal,
    });
    const location = response.headers.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    await response.body?.cancel().catch(() => undefined);
    if (hop >= MAX_REDIRECTS) throw refuse(`redirects more than ${MAX_REDIRECTS} times`);
    let next: string;
    try {
      next = new URL(location, current).href;
    } catch {
      throw refuse('redirects to an invalid link');
    }
    const refusal = await refusalOf(next, deps, options, signal);
    if (refusal !== undefined) throw refuse(`redirects to a link that ${refusal}`);
    current = next;
  }
}

function notDownloadable(task: Task): TripoError {
  const meaning = interpretTask(task);
  const yet = meaning.terminal ? '' : ' yet';
  return new TripoError(
    'download',
    `Task ${task.taskId} is ${task.status}, so there is nothing to download${yet}. ${meaning.message}`,
    {
      taskId: task.taskId,
      apiCode: task.errorCode,
      suggestion: meaning.nextStep,
      retryable: !meaning.terminal,
    },
  );
}

function abortedError(taskId: string, cause: unknown): TripoError {
  return cancelledError(`The download of task ${taskId}'s file was stopped; nothing was saved.`, {
    taskId,
    retryable: true,
    cause,
  });
}

function contentLength(response: Response): number | undefined {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding.toLowerCase() !== 'identity') return undefined;
  const raw = response.headers.get('content-length');
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim());
}

function tooLarge(
  taskId: string,
  what: string,
  host: string,
  maxBytes: number,
  announced?: number,
): TripoError {
  const sent =
    announced === undefined
      ? `${host} sent more than the ${formatSize(maxBytes)} allowed for ${what}`
      : `${host} announced ${formatSize(announced)} for ${what}, more than the ${formatSize(maxBytes)} allowed`;
  return new TripoError('download', `${sent}; nothing was saved.`, {
    taskId,
    retryable: false,
    suggestion:
      'If a file this large is expected, raise the cap with TRIPOKIT_MAX_DOWNLOAD_BYTES (or the maxDownloadBytes client option).',
  });
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

/** Passes chunks through until more than `maxBytes` have come, then throws `tooLarge()` instead. */
async function* capped(
  chunks: AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => TripoError,
): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of chunks) {
    total += chunk.byteLength;
    if (total > maxBytes) throw tooLarge();
    yield chunk;
  }
}

async function freshOutput(
  deps: DownloadDeps,
  taskId: string,
  options: DownloadOptions,
): Promise<TaskOutputFile> {
  const task = await deps.getTask(taskId, { signal: options.signal });
  if (task.status !== 'success') throw notDownloadable(task);
  return selectTaskOutput(task, options.output);
}

async function attempt(
  deps: DownloadDeps,
  taskId: string,
  file: TaskOutputFile,
  options: DownloadOptions,
): Promise<Attempt> {
  const stall = startStallWatch(options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS, options.signal);
  try {
    return await transfer(deps, taskId, file, options, stall);
  } finally {
    stall.stop();
  }
}

function stalledError(taskId: string, what: string, host: string, stallMs: number): TripoError {
  return new TripoError(
    'download',
    `${host} sent nothing for ${Math.round(stallMs / 1000)} s while downloading ${what}; nothing was saved.`,
    { taskId, retryable: true, suggestion: 'Download again later; each download fetches fresh links.' },
  );
}

async function transfer(
  deps: DownloadDeps,
  taskId: string,
  file: TaskOutputFile,
  options: DownloadOptions,
  stall: StallWatch,
): Promise<Attempt> {
  const what = `task ${taskId}'s ${file.output}`;
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const host = hostOf(file.url, 'the file host');
  const refuse = (reason: string): TripoError =>
    new TripoError('download', `The link to ${what} ${reason}; nothing was downloaded.`, {
      taskId,
      suggestion: reason.includes('non-public')
        ? 'Tripo’s files come from its public file host. If this host is yours, allow it with TRIPOKIT_ALLOW_PRIVATE_DOWNLOADS=host:port (or the allowPrivateDownloads option).'
        : 'Tripo’s links point to its own file host; query the task again for fresh links.',
    });
  let response: Response;
  try {
    const refusal = await refusalOf(file.url, deps, options, stall.signal);
    if (refusal !== undefined) throw refuse(refusal);
    response = await fetchFollowing(deps, file.url, options, stall.signal, refuse);
  } catch (error) {
    if (options.signal?.aborted || error instanceof TripoError) throw error;
    if (stall.stalled) return { retry: stalledError(taskId, what, host, stallMs), pauseMs: 0 };
    const retry = new TripoError('network', `Could not reach ${host} to download ${what}.`, {
      taskId,
      retryable: true,
      cause: error,
    });
    return { retry, pauseMs: HOST_RETRY_PAUSE_MS };
  }

  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    const error = new TripoError('download', `${host} answered HTTP ${response.status} for ${what}.`, {
      taskId,
      httpStatus: response.status,
      retryable: LINK_REFUSED.has(response.status) || response.status === 429 || response.status >= 500,
      suggestion: 'Download again in a minute; each download fetches fresh links.',
    });
    if (LINK_REFUSED.has(response.status)) return { retry: error, pauseMs: 0 };
    if (response.status === 429 || response.status >= 500)
      return { retry: error, pauseMs: HOST_RETRY_PAUSE_MS };
    throw error;
  }
  if (!response.body) {
    throw new TripoError('download', `${host} sent no body for ${what}.`, { taskId, retryable: true });
  }

  const expected = contentLength(response);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
  if (expected !== undefined && expected > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw tooLarge(taskId, what, host, maxBytes, expected);
  }
  let temp: Awaited<ReturnType<typeof writeTempFile>>;
  try {
    const body = capped(stall.watch(response.body), maxBytes, () => tooLarge(taskId, what, host, maxBytes));
    temp = await writeTempFile(options.dir, body);
  } catch (error) {
    if (options.signal?.aborted || error instanceof TripoError) throw error;
    if (stall.stalled) throw stalledError(taskId, what, host, stallMs);
    throw new TripoError('download', `The download of ${what} from ${host} broke off; nothing was saved.`, {
      taskId,
      retryable: true,
      suggestion: 'Download again; each download fetches fresh links.',
      cause: error,
    });
  }
  if ((expected !== undefined && temp.bytes !== expected) || temp.bytes === 0) {
    await removeQuietly(temp.path);
    const got = expected === undefined ? 'no bytes' : `${temp.bytes} of ${expected} bytes`;
    throw new TripoError(
      'download',
      `The download of ${what} from ${host} was cut short (${got}); nothing was saved.`,
      {
        taskId,
        retryable: true,
        suggestion: 'Download again; each download fetches fresh links.',
      },
    );
  }

  const mismatch = downloadMismatch({ head: temp.head, totalBytes: temp.bytes, url: file.url });
  if (mismatch !== undefined) {
    await removeQuietly(temp.path);
    // Often an error page served with status 200 for a stale link: worth one fresh link.
    const retry = new TripoError(
      'download',
      `${host} sent ${mismatch} instead of ${what}; nothing was saved.`,
      { taskId, retryable: true, suggestion: 'Download again later; each download fetches fresh links.' },
    );
    return { retry, pauseMs: 0 };
  }
  const type = detectFileType({
    head: temp.head,
    totalBytes: temp.bytes,
    url: file.url,
    contentType: response.headers.get('content-type') ?? undefined,
  });
  let target: string;
  try {
    const name = downloadFileName({ taskId, output: file.output, ext: type.ext, filename: options.filename });
    target = resolveInside(options.dir, name, taskId);
  } catch (error) {
    await removeQuietly(temp.path);
    throw error;
  }
  const saved = await commitTempFile(temp, target, { overwrite: options.overwrite });
  return {
    done: {
      path: saved,
      bytes: temp.bytes,
      sha256: temp.sha256,
      contentType: type.contentType,
      output: file.output,
    },
  };
}

/**
 * Downloads one output of a successful task into `dir`: re-queries the task for fresh links, streams to a
 * temporary file, checks the length and computes SHA-256 on the way, names the file by its real format and
 * renames it into place. After a 401/403/404 (expired link) or a failing host it re-queries and retries once.
 * Never sends the API key or any `Authorization` header to the file host; never writes outside `dir`
 * (`TripoError('file_access')`); leaves no partial file behind (`TripoError('download')`). A task that has
 * not succeeded gives `TripoError('download')` with the advice of `interpretTask`.
 */
export async function downloadTaskOutput(
  deps: DownloadDeps,
  taskId: string,
  options: DownloadOptions,
): Promise<DownloadResult> {
  const { signal } = options;
  if (signal?.aborted) throw abortedError(taskId, signal.reason);
  try {
    // Refuse a bad name before spending a download on it.
    resolveInside(
      options.dir,
      downloadFileName({ taskId, output: options.output ?? 'model', ext: '', filename: options.filename }),
      taskId,
    );
    await mkdir(options.dir, { recursive: true }).catch((error: unknown) => {
      throw new TripoError('file_access', `Cannot create the folder ${options.dir}.`, {
        taskId,
        cause: error,
      });
    });
    // Left by a download whose process was killed: nobody will finish them.
    await removeStaleTempFiles(options.dir);
    const first = await attempt(deps, taskId, await freshOutput(deps, taskId, options), options);
    if ('done' in first) return first.done;
    if (first.pauseMs > 0) await (deps.clock ?? systemClock).sleep(first.pauseMs, signal);
    const second = await attempt(deps, taskId, await freshOutput(deps, taskId, options), options);
    if ('done' in second) return second.done;
    throw second.retry;
  } catch (error) {
    const failure = signal?.aborted ? abortedError(taskId, error) : error;
    // A task's own words or a host's error may quote the key: masked when the caller knows it.
    throw deps.redact ? redactError(failure, deps.redact) : failure;
  }
}
