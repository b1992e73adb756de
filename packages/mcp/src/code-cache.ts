import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { constants, Script } from 'node:vm';

/** How long a start that made no code cache runs before writing one anyway (a client may SIGKILL it later). */
export const SAVE_AFTER_MS = 3_000;

/** The signals MCP clients end servers with: each writes the cache first, then ends the process as it would have. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** A CommonJS script run by {@link runWithCodeCache}. */
export interface CachedScript {
  /** What the script put in `module.exports`. */
  readonly exports: unknown;
  /** Whether V8 took the code cache it was given (false also when there was none). */
  readonly cacheUsed: boolean;
  /**
   * Call once the script has done the work a typical run does: without a usable cache, one is written when the
   * process ends (exit, SIGINT, SIGTERM, SIGHUP) or after {@link SAVE_AFTER_MS}, whichever comes first.
   */
  saveCacheWhenDone(): void;
}

/** The content hash the build wrote to `<file>.hash`, or `undefined` when there is none. */
export function contentHash(file: string): string | undefined {
  try {
    const hash = readFileSync(`${file}.hash`, 'utf8').trim();
    return /^[0-9a-f]{8,64}$/.test(hash) ? hash : undefined;
  } catch {
    return undefined;
  }
}

/** The V8 code cache file of `file` in `cacheDir`, keyed by the content hash the build wrote to `<file>.hash`. */
export function codeCacheFile(file: string, cacheDir: string | undefined): string | undefined {
  const hash = contentHash(file);
  return cacheDir === undefined || hash === undefined
    ? undefined
    : path.join(cacheDir, `tripokit-mcp-${hash}.v8cache`);
}

function readCache(cacheFile: string | undefined): Buffer | undefined {
  if (cacheFile === undefined) return undefined;
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** Replaces `cacheFile` in one step: two servers starting at once never read half a file. */
function writeCache(cacheFile: string, data: Buffer): void {
  const partial = `${cacheFile}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    writeFileSync(partial, data);
    renameSync(partial, cacheFile);
  } catch {
    // A cache is only a speed-up: an unwritable folder means the next start compiles again.
    rmSync(partial, { force: true });
  }
}

/**
 * Runs the CommonJS script `file` as `require` would, compiled with the V8 code cache in `cacheFile` when it
 * has one. Node's compile cache is made right after compiling, before any function ran, so each start compiled
 * again every function it called; this cache is made after the run (see {@link CachedScript.saveCacheWhenDone}),
 * and holds them. V8 rejects a cache of another V8 version or other flags; the file name carries the content hash.
 */
export function runWithCodeCache(file: string, cacheFile: string | undefined): CachedScript {
  const source = readFileSync(file, 'utf8');
  const cachedData = readCache(cacheFile);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: file,
    ...(cachedData === undefined ? {} : { cachedData }),
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cacheUsed = cachedData !== undefined && script.cachedDataRejected === false;
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void).call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
  );
  let armed = false;
  return {
    get exports() {
      return module.exports;
    },
    cacheUsed,
    saveCacheWhenDone() {
      if (cacheUsed || cacheFile === undefined || armed) return;
      armed = true;
      const save = (): void => {
        clearTimeout(timer);
        process.off('exit', save);
        for (const signal of SIGNALS) process.off(signal, onSignal);
        writeCache(cacheFile, script.createCachedData());
      };
      const onSignal = (signal: NodeJS.Signals): void => {
        save();
        // Without another listener (the HTTP server closes itself on SIGINT/SIGTERM), end as the signal would have.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      const timer = setTimeout(save, SAVE_AFTER_MS).unref();
      process.once('exit', save);
      for (const signal of SIGNALS) process.once(signal, onSignal);
    },
  };
}
