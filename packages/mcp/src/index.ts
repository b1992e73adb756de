/**
 * `@tripokit/mcp`: TripoKit's tools as an MCP server. `createTripoMcpServer` is the server factory; the
 * serving helpers put it on stdio or on guarded, stateless Streamable HTTP.
 */

export { allowedHostnamesFor, isLoopbackHost } from './hosts.js';
export {
  type FetchHandler,
  guardHandler,
  type HttpGuardOptions,
  MIN_TOKEN_LENGTH,
  requireUsableToken,
} from './http-guard.js';
export {
  createTripoMcpHttpHandler,
  MCP_HTTP_PATH,
  type RunningHttpServer,
  type ServeHttpOptions,
  serveHttp,
  type TripoMcpHttpHandler,
  type TripoMcpHttpHandlerOptions,
} from './http-serve.js';
export { type CancelOutcome, InFlightCalls, type RequestId } from './in-flight.js';
export { createStderrLogger, type Logger, type StderrLoggerOptions, silentLogger } from './log.js';
export { DEFAULT_HEARTBEAT_MS, PROGRESS_META_KEY, type ProgressParams } from './progress.js';
export { ERROR_META_KEY } from './register-tool.js';
export { MODEL_RESOURCE_TEMPLATE, modelResourceUri } from './resources.js';
export {
  createTripoMcpServer,
  SERVER_NAME,
  type TripoHttpServing,
  type TripoMcpRequestContext,
  type TripoMcpServerFactory,
  type TripoMcpServerOptions,
} from './server.js';
export { type ServeStdioOptions, type StdioServerHandle, serveStdio } from './stdio-serve.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  TripoStdioTransport,
  type TripoStdioTransportOptions,
} from './stdio-transport.js';
export { PACKAGE_VERSION } from './version.js';
export { MCP_APPS_ENV, VIEWER_TOOLS, VIEWER_URI } from './viewer-app.js';
