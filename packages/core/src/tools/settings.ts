import path from 'node:path';
import { TripoError } from '../errors.js';
import type { ToolFileSettings } from './types.js';

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

/** Where the tools save and read files and how long they wait. Every field is optional; the environment fills the gaps. */
export interface ToolSettingsOptions {
  /** Folder for downloads. Default: env `TRIPOKIT_OUTPUT_DIR`, else `./tripo-models`; made absolute. */
  outputDir?: string;
  /**
   * Folders local input files may be read from. Default: env `TRIPOKIT_ALLOWED_INPUT_DIRS` (separated by
   * `path.delimiter`, `:` on POSIX), else only the output folder, so a downloaded image can feed a new task.
   */
  allowedInputDirs?: readonly string[];
  /** Default deadline of `wait_for_task` and `generate_3d_model`. Default: env `TRIPOKIT_WAIT_SECONDS`, else 45. */
  waitSeconds?: number;
  /** Where to read variables instead of `process.env` (also passed to the client). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** Resolved host settings, independent of any one call. */
export interface ToolSettings {
  files: ToolFileSettings;
  waitSeconds: number;
}

/** Where settings are read: `options.env`, else `process.env`. */
export function envOf(options: {
  env?: ToolSettingsOptions['env'];
}): Readonly<Record<string, string | undefined>> {
  return options.env ?? processEnv();
}

/** A setting's environment variable (from `options.env`, else `process.env`), trimmed; unset when empty. */
export function envSetting(options: { env?: ToolSettingsOptions['env'] }, name: string): string | undefined {
  return nonEmpty(envOf(options)[name]);
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
export function resolveToolSettings(options: ToolSettingsOptions = {}): ToolSettings {
  const env = envOf(options);
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
