import path from 'node:path';
import { TripoClient } from '../client/client.js';
import type { TripoClientOptions } from '../client/options.js';
import { TripoError } from '../errors.js';
import { createRedactor, type Redactor } from '../redact.js';
import { processRecentTasks, type TaskStore } from './recent-tasks.js';
import type { ToolContext, ToolFileSettings, ToolProgressEvent } from './types.js';

/** Environment variables that configure the tools (besides the client's own `TRIPO_*`). */
export const TOOL_ENV = {
  outputDir: 'TRIPOKIT_OUTPUT_DIR',
  allowedInputDirs: 'TRIPOKIT_ALLOWED_INPUT_DIRS',
  waitSeconds: 'TRIPOKIT_WAIT_SECONDS',
  tools: 'TRIPOKIT_TOOLS',
} as const;

/** Default folder for downloads, relative to the working directory. */
export const DEFAULT_OUTPUT_DIR = './tripo-models';
/**
 * Default deadline of the waiting tools, in seconds: short enough that a tool call survives a client with a
 * 60 s request time-out, after which the tool returns "still running" with the task id.
 */
export const DEFAULT_WAIT_SECONDS = 45;
/** Longest deadline a waiting tool accepts, in seconds. */
export const MAX_WAIT_SECONDS = 1800;

/** Host-level settings of the tools. Every field is optional; environment variables fill the gaps. */
export interface ToolContextOptions {
  /** A ready client, or a factory called on first use. Default: `new TripoClient(clientOptions)`. */
  client?: TripoClient | (() => TripoClient);
  /** Options for the client created when `client` is not given (the key defaults to env `TRIPO_API_KEY`). */
  clientOptions?: TripoClientOptions;
  /** Folder for downloads. Default: env `TRIPOKIT_OUTPUT_DIR`, else `./tripo-models`; made absolute. */
  outputDir?: string;
  /**
   * Folders local input files may be read from. Default: env `TRIPOKIT_ALLOWED_INPUT_DIRS` (separated by
   * `path.delimiter`, `:` on POSIX), else only the output folder, so a downloaded image can feed a new task.
   */
  allowedInputDirs?: readonly string[];
  /** Default deadline of `wait_for_task` and `generate_3d_model`. Default: env `TRIPOKIT_WAIT_SECONDS`, else 45. */
  waitSeconds?: number;
  /** Where tasks are remembered. Default: one in-memory store for the whole process. */
  recentTasks?: TaskStore;
  /** Where to read variables instead of `process.env` (also passed to the client). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** What one tool call brings: its cancellation and where its progress goes. */
export interface ToolCallOptions {
  /** Aborts this call (the Tripo task goes on). */
  signal?: AbortSignal;
  /** Receives progress events of this call. */
  onProgress?: (event: ToolProgressEvent) => void;
}

/** Resolved host settings, independent of any one call. */
export interface ToolSettings {
  files: ToolFileSettings;
  waitSeconds: number;
}

/**
 * Settings resolved once per host, shared by every call: the lazily created client, the task store and the
 * secrets to mask. Adapters usually let {@link createToolContext} build it from their options.
 */
export interface ToolRuntime {
  readonly settings: ToolSettings;
  readonly recentTasks: TaskStore;
  /** The client, created on first call (so listing tools needs no key). Throws `TripoError('config')` without a key. */
  client(): TripoClient;
  /**
   * Masks the API key (and anything shaped like one) in text: the key of `clientOptions` or `TRIPO_API_KEY`,
   * and that of the client itself (a ready one, or the one a factory made), whatever its shape.
   */
  readonly redact: Redactor;
}

function settingsEnv(options: {
  env?: ToolContextOptions['env'];
}): Readonly<Record<string, string | undefined>> {
  return options.env ?? processEnv();
}

/** A setting's environment variable (from `options.env`, else `process.env`), trimmed; unset when empty. */
export function envSetting(options: { env?: ToolContextOptions['env'] }, name: string): string | undefined {
  return nonEmpty(settingsEnv(options)[name]);
}

function processEnv(): Readonly<Record<string, string | undefined>> {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env ?? {};
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function parseWaitSeconds(value: number | string, source: string): number {
  const seconds = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_WAIT_SECONDS) {
    throw new TripoError(
      'config',
      `${source} must be a number of seconds from 0 to ${MAX_WAIT_SECONDS} (got "${String(value).slice(0, 20)}").`,
      {
        suggestion: `Set ${TOOL_ENV.waitSeconds} to e.g. ${DEFAULT_WAIT_SECONDS}, below your client's request time-out.`,
      },
    );
  }
  return seconds;
}

/**
 * Resolves the tools' file and wait settings from options and the environment (`TRIPOKIT_OUTPUT_DIR`,
 * `TRIPOKIT_ALLOWED_INPUT_DIRS`, `TRIPOKIT_WAIT_SECONDS`). Folders come back absolute. Throws
 * `TripoError('config')` for a malformed wait time.
 */
export function resolveToolSettings(options: ToolContextOptions = {}): ToolSettings {
  const env = settingsEnv(options);
  const outputDir = path.resolve(
    options.outputDir ?? nonEmpty(env[TOOL_ENV.outputDir]) ?? DEFAULT_OUTPUT_DIR,
  );
  const fromEnv = nonEmpty(env[TOOL_ENV.allowedInputDirs])
    ?.split(path.delimiter)
    .map((dir) => dir.trim())
    .filter((dir) => dir !== '');
  const allowed = options.allowedInputDirs ?? fromEnv ?? [outputDir];
  const allowedInputDirs = [...new Set(allowed.map((dir) => path.resolve(dir)))];
  const rawWait = options.waitSeconds ?? nonEmpty(env[TOOL_ENV.waitSeconds]);
  const waitSeconds =
    rawWait === undefined
      ? DEFAULT_WAIT_SECONDS
      : parseWaitSeconds(rawWait, options.waitSeconds !== undefined ? 'waitSeconds' : TOOL_ENV.waitSeconds);
  return { files: { outputDir, allowedInputDirs }, waitSeconds };
}

/**
 * Builds the shared, per-host part of the tool context. Nothing touches the network and no key is needed
 * until a tool asks for the client.
 */
export function createToolRuntime(options: ToolContextOptions = {}): ToolRuntime {
  const settings = resolveToolSettings(options);
  const env = settingsEnv(options);
  const known = createRedactor([options.clientOptions?.apiKey, env.TRIPO_API_KEY]);
  let client: TripoClient | undefined = typeof options.client === 'object' ? options.client : undefined;
  return {
    settings,
    recentTasks: options.recentTasks ?? processRecentTasks,
    // The client knows its own key, however it got it; ask it too once it exists.
    redact: (text) => {
      const masked = known(text);
      return client ? client.redact(masked) : masked;
    },
    client() {
      if (client === undefined) {
        const given = options.client;
        client =
          typeof given === 'function'
            ? given()
            : new TripoClient({ ...options.clientOptions, env: options.clientOptions?.env ?? options.env });
      }
      return client;
    },
  };
}

const runtimes = new WeakMap<ToolContextOptions, ToolRuntime>();
const contextRedactors = new WeakMap<ToolContext, Redactor>();

function isRuntime(value: ToolContextOptions | ToolRuntime): value is ToolRuntime {
  return typeof (value as ToolRuntime).client === 'function' && 'settings' in value && 'redact' in value;
}

/** The runtime for these options: the same object for the same options, so calls share one client. */
export function runtimeFor(options: ToolContextOptions | ToolRuntime = {}): ToolRuntime {
  if (isRuntime(options)) return options;
  let runtime = runtimes.get(options);
  if (runtime === undefined) {
    runtime = createToolRuntime(options);
    runtimes.set(options, runtime);
  }
  return runtime;
}

/**
 * The context one tool call runs with. Pass the same `options` object (or a {@link ToolRuntime}) on every call:
 * the client, created lazily on first use, and the recent-task store are then shared across calls.
 *
 * @example
 * const options = { outputDir: './models' };
 * const context = createToolContext(options, { signal, onProgress: (e) => console.log(e.message) });
 */
export function createToolContext(
  options: ToolContextOptions | ToolRuntime = {},
  call: ToolCallOptions = {},
): ToolContext {
  const runtime = runtimeFor(options);
  const onProgress = call.onProgress ?? (() => {});
  const context: ToolContext = {
    get client() {
      return runtime.client();
    },
    signal: call.signal ?? new AbortController().signal,
    onProgress,
    files: {
      outputDir: runtime.settings.files.outputDir,
      allowedInputDirs: [...runtime.settings.files.allowedInputDirs],
    },
    waitSeconds: runtime.settings.waitSeconds,
    recentTasks: runtime.recentTasks,
  };
  contextRedactors.set(context, runtime.redact);
  return context;
}

/**
 * A copy of `context` with some fields replaced, keeping the lazy client lazy. Used by `runTool` to wrap the
 * progress sink and combine signals.
 */
export function deriveToolContext(
  context: ToolContext,
  changes: Partial<Omit<ToolContext, 'client'>>,
): ToolContext {
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(context);
  for (const [key, value] of Object.entries(changes)) {
    if (value !== undefined)
      descriptors[key] = { value, enumerable: true, writable: false, configurable: true };
  }
  const derived = Object.defineProperties({}, descriptors) as ToolContext;
  const redact = contextRedactors.get(context);
  if (redact) contextRedactors.set(derived, redact);
  return derived;
}

/**
 * The redactor of a context built by {@link createToolContext}; for other contexts, one masking key-shaped text
 * and the key of the context's client.
 */
export function redactorOf(context: ToolContext): Redactor {
  const registered = contextRedactors.get(context);
  if (registered) return registered;
  const shaped = createRedactor();
  return (text) => {
    let client: TripoClient | undefined;
    try {
      client = context.client;
    } catch {
      // No client could be made (no key): then there is no key to mask either.
    }
    return client ? client.redact(shaped(text)) : shaped(text);
  };
}
