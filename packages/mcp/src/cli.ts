// zod's setting first: it holds for the schemas built while the modules below load.
import './zod-jitless.js';
import { debuglog } from 'node:util';
import { createTripoToolkit, TripoError } from '@tripokit/core';
import { parseCliArgs, USAGE } from './args.js';
import { createStderrLogger, describeError, type Logger } from './log.js';
import { loadSchemaStore } from './precomputed-schemas.js';
import { createTripoMcpServer } from './server.js';
import { sharedTaskStore } from './shared-state.js';
import { runStartupChecks } from './startup-checks.js';
import { serveStdio } from './stdio-serve.js';
import { PACKAGE_VERSION } from './version.js';

function reportStartupError(logger: Logger, error: unknown): void {
  if (error instanceof TripoError) {
    logger.error(error.suggestion === undefined ? error.message : `${error.message} ${error.suggestion}`);
  } else {
    logger.error(error instanceof Error ? error.message : String(error));
  }
}

/** A command-line mistake in plain words: node's parseArgs adds a class name and a paragraph about `--`. */
function describeArgError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('. To specify a positional argument')[0] ?? message;
}

/** What the bin learns from a run. */
export interface CliHooks {
  /** Called once the server serves (stdio or HTTP): from then on, the run is a typical one. */
  onServing?: () => void;
  /** The JSON Schemas the build derived (`file`), used only if written by the running bundle (its content hash). */
  precomputedSchemas?: { file: string; bundle: string };
}

// The build step of the bin's precomputed schemas runs the bundle's own derivation (scripts/precompute-schemas.ts).
export { deriveSchemaStore } from './precomputed-schemas.js';

async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  hooks: CliHooks,
): Promise<number | undefined> {
  const logger = createStderrLogger({ secrets: [env.TRIPO_API_KEY, env.TRIPOKIT_MCP_TOKEN] });
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv, env);
  } catch (error) {
    logger.error(`${describeArgError(error)}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.version) {
    process.stdout.write(`${PACKAGE_VERSION}\n`);
    return 0;
  }

  try {
    const recentTasks = args.http ? await sharedTaskStore(env, logger) : undefined;
    const precomputed = hooks.precomputedSchemas;
    const precomputedJsonSchemas = precomputed && loadSchemaStore(precomputed.file, precomputed.bundle);
    const kit = createTripoToolkit({ env, precomputedJsonSchemas });
    // NODE_DEBUG=tripokit says how many tools' schemas this start took from the build (counted only then).
    const debug = debuglog('tripokit');
    if (debug.enabled) {
      const found = kit.tools.filter(
        (tool) =>
          precomputedJsonSchemas?.(tool.input, 'input') && precomputedJsonSchemas(tool.output, 'output'),
      ).length;
      debug(`precomputed schemas for ${found} of ${kit.tools.length} tools`);
    }
    const factory = createTripoMcpServer({
      env,
      logger,
      precomputedJsonSchemas,
      ...(recentTasks && { recentTasks }),
    });
    for (const finding of await runStartupChecks(env, kit.settings.files.outputDir)) {
      logger[finding.level](finding.message);
    }
    if (!args.http) {
      serveStdio(factory, { onerror: (error) => logger.warn(`stdio: ${describeError(error)}`) });
      hooks.onServing?.();
      logger.info(`TripoKit MCP server ${PACKAGE_VERSION} ready on stdio.`);
      return undefined;
    }
    // Loaded only for --http: the stdio start-up skips the HTTP stack.
    const { serveHttp } = await import('./http-serve.js');
    const running = await serveHttp(factory, {
      host: args.host,
      port: args.port,
      token: env.TRIPOKIT_MCP_TOKEN,
      allowedHosts: args.allowedHosts,
      logger,
    });
    const auth = (env.TRIPOKIT_MCP_TOKEN ?? '') === '' ? 'no token' : 'bearer token required';
    hooks.onServing?.();
    logger.info(`TripoKit MCP server ${PACKAGE_VERSION} listening on ${running.url} (${auth}).`);
    const stop = (): void => {
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return undefined;
  } catch (error) {
    reportStartupError(logger, error);
    return 1;
  }
}

/** Runs the `tripokit-mcp` command (the bin's whole work); sets `process.exitCode` when it ends early. */
export function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, hooks: CliHooks = {}): void {
  main(argv, env, hooks).then((code) => {
    if (code !== undefined) process.exitCode = code;
  });
}
