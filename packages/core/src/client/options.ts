import { type Clock, systemClock } from '../clock.js';
import { TripoError } from '../errors.js';
import type { PrivateDownloads } from '../files/address-policy.js';
import { DEFAULT_MAX_DOWNLOAD_BYTES } from '../files/limits.js';
import { createRedactor } from '../redact.js';
import type { WebSocketConstructorLike } from '../wait/websocket-watch.js';

/** The two wire dialects of the Tripo API. */
export type ApiVersion = 'v3' | 'v2';
/** `global` = tripo3d.ai, `cn` = tripo3d.com (China mainland). A key works only in its own region. */
export type Region = 'global' | 'cn';

/** The four official API bases: version × region. */
export const TRIPO_BASE_URLS: Readonly<Record<ApiVersion, Readonly<Record<Region, string>>>> = {
  v3: { global: 'https://openapi.tripo3d.ai/v3', cn: 'https://openapi.tripo3d.com/v3' },
  v2: { global: 'https://api.tripo3d.ai/v2/openapi', cn: 'https://api.tripo3d.com/v2/openapi' },
};

/** Options of {@link TripoClient}. Every one is optional; environment variables fill the gaps. */
export interface TripoClientOptions {
  /** The API key (`tsk_…`). Default: env `TRIPO_API_KEY`. Never echoed in errors or logs. */
  apiKey?: string;
  /**
   * The full API base including its version path, e.g. `https://openapi.tripo3d.ai/v3` or
   * `https://api.tripo3d.ai/v2/openapi`. Default: env `TRIPO_BASE_URL`, else derived from `apiVersion` and
   * `region`. When set it overrides `region`.
   */
  baseUrl?: string;
  /** Wire dialect. Default: env `TRIPO_API_VERSION`, else inferred from `baseUrl`, else `v3`. */
  apiVersion?: ApiVersion;
  /** Default: env `TRIPO_REGION`, else `global`. Ignored when `baseUrl` is set. */
  region?: Region;
  /** The fetch to use (default: global `fetch`). Also used for downloads. */
  fetch?: typeof globalThis.fetch;
  /** Per-request time-out in ms (default 60 000). */
  timeoutMs?: number;
  /** Extra attempts for requests that are safe to repeat (default 2). */
  maxRetries?: number;
  /**
   * Largest API answer read, in bytes (default 8 MiB, far above any real one). A larger body is not buffered:
   * reading stops and the call fails with `TripoError('server')` (`outcome_unknown` for a create).
   */
  maxResponseBytes?: number;
  /** Source of time for time-outs, back-off, rate limiting and polling (default: the system clock). */
  clock?: Clock;
  /** Where to read `TRIPO_*` variables instead of `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Cap on requests started per second by this client, across all calls (default 10). */
  maxRequestsPerSecond?: number;
  /** Cap on requests in flight at once by this client (default 8). */
  maxConcurrentRequests?: number;
  /**
   * v2 only: follow tasks over Tripo's WebSocket while waiting (polling stays the fallback). `true` (default)
   * uses the global `WebSocket`; pass a constructor to use another; `false` polls only.
   */
  webSocket?: boolean | WebSocketConstructorLike;
  /**
   * v3 only: the polls of concurrent `waitForTask` calls share batch queries (`POST /tasks/list`, up to 100
   * ids each) instead of one `GET /tasks/{id}` per task. `true` (default) or `{ windowMs }`: how long a batch
   * collects polls before it queues for a request slot (default 250); `false` polls each task on its own.
   * Ignored on v2, which has no confirmed batch route. `getTask` always reads individually.
   */
  batchPolling?: boolean | { windowMs?: number };
  /**
   * The largest file `downloadTaskOutput` accepts, in bytes (checked against `Content-Length` before reading and
   * against the bytes received). Default: env `TRIPOKIT_MAX_DOWNLOAD_BYTES`, else 2 GiB.
   */
  maxDownloadBytes?: number;
  /**
   * Which hosts on private, loopback, link-local or other non-public addresses `downloadTaskOutput` may reach
   * (an output link or a redirect there is refused otherwise): `true` any, or a list of `host` / `host:port`.
   * The API's own host is always allowed (a simulator on loopback works). Default: env
   * `TRIPOKIT_ALLOW_PRIVATE_DOWNLOADS` (`true`, or hosts separated by commas), else none.
   */
  allowPrivateDownloads?: PrivateDownloads;
}

/** Largest API answer read by default (see {@link TripoClientOptions.maxResponseBytes}). */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** How long a batch of wait polls collects ids by default (see {@link TripoClientOptions.batchPolling}). */
export const DEFAULT_BATCH_WINDOW_MS = 250;

/** Resolved, key-free settings; safe to show. */
export interface ResolvedClientSettings {
  apiVersion: ApiVersion;
  /** The API base without a trailing slash. */
  baseUrl: string;
  /** The region of an official base URL; `undefined` for any other `baseUrl` (e.g. a simulator). */
  region: Region | undefined;
  timeoutMs: number;
  maxRetries: number;
  maxResponseBytes: number;
  maxRequestsPerSecond: number;
  maxConcurrentRequests: number;
  /** How waits poll on v3: through batch queries collected for `windowMs`, or `false` (and always on v2). */
  batchPolling: false | { windowMs: number };
  /** The largest download accepted, in bytes. */
  maxDownloadBytes: number;
  /** Non-public hosts downloads may reach besides the API's own: `true` any, else a list (maybe empty). */
  allowPrivateDownloads: true | readonly string[];
}

/** Everything the client needs, resolved. `apiKey` stays inside the client. */
export interface ResolvedClientOptions extends ResolvedClientSettings {
  apiKey: string;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  webSocket: boolean | WebSocketConstructorLike;
}

function configError(message: string, suggestion?: string): TripoError {
  return new TripoError('config', message, { suggestion });
}

function pick<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  name: string,
  source: string,
): T | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw configError(
    `${name} from ${source} must be one of ${allowed.join(', ')} (got "${value.slice(0, 20)}").`,
  );
}

function positive(value: number | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < min) {
    throw configError(`${name} must be a number ≥ ${min} (got ${value}).`);
  }
  return value;
}

function batchPolling(option: TripoClientOptions['batchPolling']): ResolvedClientSettings['batchPolling'] {
  if (option === false) return false;
  const windowMs = option === true || option === undefined ? undefined : option.windowMs;
  return { windowMs: positive(windowMs, 'batchPolling.windowMs', DEFAULT_BATCH_WINDOW_MS, 0) };
}

/** The environment variable capping downloads, in bytes. */
export const MAX_DOWNLOAD_BYTES_ENV = 'TRIPOKIT_MAX_DOWNLOAD_BYTES';

function maxDownloadBytes(option: number | undefined, env: string | undefined): number {
  if (option !== undefined) {
    if (!Number.isSafeInteger(option) || option < 1)
      throw configError(`maxDownloadBytes must be a whole number of bytes ≥ 1 (got ${option}).`);
    return option;
  }
  const raw = env?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MAX_DOWNLOAD_BYTES;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw configError(
      `${MAX_DOWNLOAD_BYTES_ENV} must be a whole number of bytes ≥ 1 (got "${raw.slice(0, 20)}").`,
      `Set it to e.g. ${DEFAULT_MAX_DOWNLOAD_BYTES} (2 GiB), or unset it for that default.`,
    );
  }
  return value;
}

/** The environment variable allowing downloads from non-public hosts: `true`, or hosts separated by commas. */
export const ALLOW_PRIVATE_DOWNLOADS_ENV = 'TRIPOKIT_ALLOW_PRIVATE_DOWNLOADS';

function allowPrivateDownloads(
  option: PrivateDownloads | undefined,
  env: string | undefined,
): true | readonly string[] {
  if (option !== undefined) return option === true ? true : option === false ? [] : [...option];
  const raw = env?.trim() ?? '';
  if (/^(true|1|yes|all)$/i.test(raw)) return true;
  if (raw === '' || /^(false|0|no|none)$/i.test(raw)) return [];
  return raw
    .split(',')
    .map((host) => host.trim())
    .filter((host) => host !== '');
}

/** Infers the dialect from a base URL's path, when it says. */
export function inferApiVersion(baseUrl: string): ApiVersion | undefined {
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  if (/\/v2\/openapi$/i.test(path)) return 'v2';
  if (/\/v3$/i.test(path)) return 'v3';
  return undefined;
}

/** The region of an official base URL; `undefined` for any other (a proxy, a simulator). */
function regionOf(baseUrl: string): Region | undefined {
  for (const bases of Object.values(TRIPO_BASE_URLS)) {
    for (const [region, url] of Object.entries(bases) as [Region, string][]) {
      if (url === baseUrl) return region;
    }
  }
  return undefined;
}

function readEnv(options: TripoClientOptions): Readonly<Record<string, string | undefined>> {
  if (options.env) return options.env;
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env ?? {};
}

/** The dialect named by `apiVersion`, else env `TRIPO_API_VERSION`; `TripoError('config')` for another name. */
function explicitApiVersion(
  options: TripoClientOptions,
  env: Readonly<Record<string, string | undefined>>,
): ApiVersion | undefined {
  return (
    pick<ApiVersion>(options.apiVersion, ['v3', 'v2'], 'apiVersion', 'options') ??
    pick<ApiVersion>(env.TRIPO_API_VERSION, ['v3', 'v2'], 'TRIPO_API_VERSION', 'the environment')
  );
}

/**
 * The dialect options and environment select, without a key: `apiVersion`, else env `TRIPO_API_VERSION`, else
 * the base URL's, else `v3` (what {@link resolveClientOptions} settles on; it alone reports a bad base URL).
 */
export function resolveApiVersion(options: TripoClientOptions = {}): ApiVersion {
  const env = readEnv(options);
  const explicit = explicitApiVersion(options, env);
  if (explicit !== undefined) return explicit;
  const base = options.baseUrl ?? (env.TRIPO_BASE_URL?.trim() || undefined);
  if (base === undefined || !URL.canParse(base)) return 'v3';
  return inferApiVersion(base) ?? 'v3';
}

/** Resolves options and environment into one settings object, or throws `TripoError('config')`. */
export function resolveClientOptions(options: TripoClientOptions = {}): ResolvedClientOptions {
  const env = readEnv(options);

  const apiKey = (options.apiKey ?? env.TRIPO_API_KEY ?? '').trim();
  if (apiKey === '') {
    throw configError(
      'No Tripo API key: the TRIPO_API_KEY environment variable is not set.',
      'Create a key at https://platform.tripo3d.ai (keys start with tsk_) and set TRIPO_API_KEY where the app ' +
        'starts: for an MCP server, in the "env" of its entry in the MCP client\'s config; in code, the apiKey option.',
    );
  }
  if ([...apiKey].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) > 0x7e)) {
    throw configError(
      'The Tripo API key contains spaces, line breaks or non-ASCII characters; it cannot be sent in a header.',
      'Copy the key again, without quotes or surrounding text.',
    );
  }

  const region =
    pick<Region>(options.region, ['global', 'cn'], 'region', 'options') ??
    pick<Region>(env.TRIPO_REGION, ['global', 'cn'], 'TRIPO_REGION', 'the environment');
  const explicitVersion = explicitApiVersion(options, env);

  const rawBase = options.baseUrl ?? (env.TRIPO_BASE_URL?.trim() || undefined);
  let baseUrl: string;
  let apiVersion: ApiVersion;
  if (rawBase !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(rawBase);
    } catch {
      throw configError(
        `baseUrl is not a valid URL (got "${createRedactor([apiKey])(rawBase).slice(0, 80)}").`,
        'Use the full API base, e.g. https://openapi.tripo3d.ai/v3 or https://api.tripo3d.ai/v2/openapi.',
      );
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw configError(`baseUrl must be an http(s) URL (got ${parsed.protocol}).`);
    }
    if (parsed.username || parsed.password || parsed.search || parsed.hash) {
      throw configError('baseUrl must not contain credentials, a query or a fragment.');
    }
    baseUrl = parsed.href.replace(/\/+$/, '');
    const inferred = inferApiVersion(baseUrl);
    if (explicitVersion !== undefined && inferred !== undefined && inferred !== explicitVersion) {
      throw configError(
        `apiVersion ${explicitVersion} does not match baseUrl ${baseUrl}, which is a ${inferred} base.`,
        'Drop apiVersion (it is inferred from the base URL) or fix the base URL.',
      );
    }
    apiVersion = explicitVersion ?? inferred ?? 'v3';
  } else {
    apiVersion = explicitVersion ?? 'v3';
    baseUrl = TRIPO_BASE_URLS[apiVersion][region ?? 'global'];
  }

  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw configError('No fetch implementation: pass options.fetch (Node ≥ 18 has a global fetch).');
  }

  return {
    apiKey,
    apiVersion,
    baseUrl,
    region: rawBase !== undefined ? regionOf(baseUrl) : (region ?? 'global'),
    fetch: fetchImpl,
    clock: options.clock ?? systemClock,
    webSocket: options.webSocket ?? true,
    timeoutMs: positive(options.timeoutMs, 'timeoutMs', 60_000, 1),
    maxRetries: Math.floor(positive(options.maxRetries, 'maxRetries', 2, 0)),
    maxResponseBytes: Math.floor(
      positive(options.maxResponseBytes, 'maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES, 1024),
    ),
    maxRequestsPerSecond: positive(options.maxRequestsPerSecond, 'maxRequestsPerSecond', 10, 0.01),
    maxConcurrentRequests: Math.floor(positive(options.maxConcurrentRequests, 'maxConcurrentRequests', 8, 1)),
    batchPolling: apiVersion === 'v3' ? batchPolling(options.batchPolling) : false,
    maxDownloadBytes: maxDownloadBytes(options.maxDownloadBytes, env[MAX_DOWNLOAD_BYTES_ENV]),
    allowPrivateDownloads: allowPrivateDownloads(
      options.allowPrivateDownloads,
      env[ALLOW_PRIVATE_DOWNLOADS_ENV],
    ),
  };
}
