import { parseArgs } from 'node:util';

/** Where the demo listens. */
export interface ListenOptions {
  host: string;
  port: number;
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4320;

/** Whether binding to `host` keeps the demo on this machine (then it also refuses foreign `Host` names). */
export function isLoopbackBind(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

export const USAGE = `Usage: start [--host <address>] [--port <number>]

Starts the TripoKit demo chat app and prints its URL.
  --host   address to bind (default ${DEFAULT_HOST}); 0.0.0.0 exposes it to the network
  --port   port to listen on (default ${DEFAULT_PORT}, or env PORT); 0 picks a free one

Modes: offline by default (scripted model + built-in Tripo simulator).
  OPENAI_API_KEY or ANTHROPIC_API_KEY  use that model (OPENAI_MODEL / ANTHROPIC_MODEL pick which)
  TRIPO_API_KEY                        use the real Tripo API (spends credits)`;

function parsePort(value: string, source: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${source} must be a port number from 0 to 65535 (got "${value}").`);
  }
  return port;
}

/** Reads `--host`/`--port` (then env `PORT`); `undefined` means `--help` was asked for. */
export function parseListenOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ListenOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string', short: 'p' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const host = values.host?.trim() || DEFAULT_HOST;
  const port =
    values.port !== undefined
      ? parsePort(values.port, '--port')
      : env.PORT?.trim()
        ? parsePort(env.PORT.trim(), 'PORT')
        : DEFAULT_PORT;
  return { host, port };
}
