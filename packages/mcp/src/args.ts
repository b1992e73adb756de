import { parseArgs } from 'node:util';

/** What the command line asked for. */
export interface CliArgs {
  help: boolean;
  version: boolean;
  /** Serve Streamable HTTP instead of stdio. */
  http: boolean;
  host: string;
  port: number;
  /** Extra hostnames allowed in `Host`/`Origin` for HTTP. */
  allowedHosts: string[];
}

/** The `--help` text. */
export const USAGE = `Usage: tripokit-mcp [--http [--host 127.0.0.1] [--port 3000] [--allowed-host NAME]...]

Serves TripoKit's Tripo 3D tools over MCP: stdio by default, Streamable HTTP with --http.

Options:
  --http               serve stateless Streamable HTTP at http://HOST:PORT/mcp
  --host HOST          address to bind (default 127.0.0.1); anything but loopback needs TRIPOKIT_MCP_TOKEN
  --port PORT          port to listen on (default 3000; 0 picks a free one)
  --allowed-host NAME  another hostname clients may use in Host/Origin (repeatable)
  -h, --help           show this help
  -v, --version        print the version

Environment: TRIPO_API_KEY (required), TRIPO_BASE_URL, TRIPO_API_VERSION, TRIPO_REGION,
TRIPOKIT_OUTPUT_DIR, TRIPOKIT_ALLOWED_INPUT_DIRS, TRIPOKIT_WAIT_SECONDS, TRIPOKIT_TOOLS,
TRIPOKIT_MCP_TOKEN, TRIPOKIT_MCP_ALLOWED_HOSTS, TRIPOKIT_MCP_APPS,
TRIPOKIT_REDIS_URL (HTTP: replicas share recent tasks).
Client configs and every variable: https://github.com/tripokit/tripokit/tree/main/packages/mcp#readme
`;

/** Parses `argv` (without the node and script paths); throws a readable `Error` on bad input. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      http: { type: 'boolean', default: false },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '3000' },
      'allowed-host': { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
    allowPositionals: false,
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--port must be an integer from 0 to 65535, got "${values.port}".`);
  }
  const fromEnv = (env.TRIPOKIT_MCP_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  return {
    help: values.help,
    version: values.version,
    http: values.http,
    host: values.host,
    port,
    allowedHosts: [...values['allowed-host'], ...fromEnv],
  };
}
