import { createRedactor } from '@tripokit/core/adapter';

/** Where the server's own messages go. stdout belongs to the MCP stdio transport, so this is stderr. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Options of {@link createStderrLogger}. */
export interface StderrLoggerOptions {
  /** Values that must never be written (the API key, the bearer token): masked as `[redacted]`, as core masks the key. */
  secrets?: readonly (string | undefined)[];
  /** Where lines go; `process.stderr` unless a test captures them. */
  write?: (line: string) => void;
}

/**
 * A logger that writes one `[tripokit-mcp] level: message` line per call to stderr and blanks out every
 * secret it was given, as a last line of defence: nothing in this package formats a secret on purpose.
 */
export function createStderrLogger(options: StderrLoggerOptions = {}): Logger {
  const redact = createRedactor(options.secrets ?? []);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: string, message: string): void =>
    write(`[tripokit-mcp] ${level}: ${redact(message)}\n`);
  return {
    info: (message) => emit('info', message),
    warn: (message) => emit('warn', message),
    error: (message) => emit('error', message),
  };
}

/** A logger that drops everything: the default of the library factory, which must stay quiet. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** A one-line description of something thrown, without its stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
