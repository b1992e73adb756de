import { type McpRequestContext, McpServer, type RegisteredTool } from '@modelcontextprotocol/server';
import { type Clock, prepareAdapterTools, systemClock, type TripoToolsOptions } from '@tripokit/core';
import { type Logger, silentLogger } from './log.js';
import { DEFAULT_HEARTBEAT_MS } from './progress.js';
import { registerTool } from './register-tool.js';
import { registerModelResources } from './resources.js';
import { ClientRoots } from './roots.js';
import { PACKAGE_VERSION } from './version.js';
import { attachViewerApp, loadViewerPage, mcpAppsEnabled } from './viewer-app.js';

/** The name the server reports in `serverInfo`. */
export const SERVER_NAME = 'tripokit';

/**
 * Options of {@link createTripoMcpServer}: the same tool settings as the other adapters' (a `client` or
 * `clientOptions`, `outputDir`, `allowedInputDirs`, `waitSeconds`, `env`, `tools`; environment variables fill
 * what is not given) plus MCP ones.
 */
export interface TripoMcpServerOptions extends TripoToolsOptions {
  /** Longest silence, in ms, while a tool waits before progress is repeated. Default 15 000. */
  heartbeatMs?: number;
  /** Times the heartbeat. Default: `clientOptions.clock`, else the system clock. */
  clock?: Clock;
  /** Where the server's own messages go; silent by default. The CLI passes a stderr logger. */
  logger?: Logger;
  /**
   * Offer the 3D viewer to hosts with MCP Apps (`ui://tripokit/viewer.html`). Default: env `TRIPOKIT_MCP_APPS`
   * (`on`/`off`), else on. Hosts without MCP Apps see the same results either way.
   */
  apps?: boolean;
}

/**
 * Builds a fresh {@link McpServer} per call (per stdio connection, per stateless HTTP request); every
 * instance shares the factory's client, recent-task memory and settings. Pass it straight to `serveStdio`
 * or `createMcpHandler`.
 */
export type TripoMcpServerFactory = (context?: McpRequestContext) => McpServer;

const INSTRUCTIONS =
  'Tools to make 3D models with Tripo. generate_3d_model goes from a prompt or image to a saved model in one call; ' +
  'if it returns while the task is still running, continue with wait_for_task and download_model using the task_id ' +
  'instead of starting again. Saved models are also resources under tripokit://models/.';

/**
 * The TripoKit MCP server factory. Resolves settings once (throwing `TripoError('config')` for an unknown
 * tool name or a malformed wait time); the Tripo client is created on the first tool call, so listing
 * tools works without a key.
 *
 * @example
 * const factory = createTripoMcpServer({ outputDir: './models', tools: 'core' });
 * serveStdio(factory);
 */
export function createTripoMcpServer(options: TripoMcpServerOptions = {}): TripoMcpServerFactory {
  const { runtime, definitions } = prepareAdapterTools(options);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? options.clientOptions?.clock ?? systemClock;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const viewer = mcpAppsEnabled(options.apps, options.env ?? process.env)
    ? loadViewerPage(logger)
    : undefined;
  return (context) => {
    const server = new McpServer(
      { name: SERVER_NAME, title: 'TripoKit', version: PACKAGE_VERSION },
      { instructions: INSTRUCTIONS },
    );
    const roots = new ClientRoots(server, logger, context?.era);
    const bridge = { runtime, roots, clock, heartbeatMs, logger };
    const tools = new Map<string, RegisteredTool>();
    for (const definition of definitions)
      tools.set(definition.name, registerTool(server, definition, bridge));
    registerModelResources(server, runtime.settings.files.outputDir);
    if (viewer) attachViewerApp(server, tools, viewer);
    return server;
  };
}
