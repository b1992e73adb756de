import { type McpRequestContext, McpServer, type RegisteredTool } from '@modelcontextprotocol/server';
import { type Clock, createTripoToolkit, systemClock, type TripoToolkitOptions } from '@tripokit/core';
import type { InFlightCalls } from './in-flight.js';
import { type Logger, silentLogger } from './log.js';
import { DEFAULT_HEARTBEAT_MS } from './progress.js';
import { registerTool } from './register-tool.js';
import { registerModelResources } from './resources.js';
import { ClientRoots, type RootsAccess } from './roots.js';
import { PACKAGE_VERSION } from './version.js';
import { attachViewerApp, loadViewerPage, mcpAppsEnabled } from './viewer-app.js';

/** The name the server reports in `serverInfo`. */
export const SERVER_NAME = 'tripokit';

/**
 * Options of {@link createTripoMcpServer}: the same tool settings as the other adapters' (a `client` or
 * `clientOptions`, `outputDir`, `allowedInputDirs`, `waitSeconds`, `env`, `tools`; environment variables fill
 * what is not given) plus MCP ones.
 */
export interface TripoMcpServerOptions extends TripoToolkitOptions {
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
 * What {@link createTripoMcpHttpHandler} tells each instance it builds for one stateless HTTP request: what a
 * long-lived connection has by itself and a per-request instance must get from the process.
 */
export interface TripoHttpServing {
  /** The calls in flight in this process: a `notifications/cancelled` (on a fresh instance) aborts the one it names. */
  inFlight: InFlightCalls;
  /**
   * Whether the client's roots may add folders local files are read from: only when the client runs on this
   * machine (a loopback bind). A remote client's roots name folders on its own machine, not on this one.
   */
  clientRoots: boolean;
  /** Tells `subscriptions/listen` streams that the output folder changed. */
  resourcesChanged(): void;
}

/** The construction context of one instance: the SDK's, plus what the TripoKit HTTP handler adds. */
export interface TripoMcpRequestContext extends McpRequestContext {
  tripokit?: TripoHttpServing;
}

/**
 * Builds a fresh {@link McpServer} per call (per stdio connection, per stateless HTTP request); every
 * instance shares the factory's client, recent-task memory and settings. Pass it straight to `serveStdio`
 * or `createTripoMcpHttpHandler` (or the SDK's `createMcpHandler`, without cancellation across requests,
 * roots or resource change notifications).
 */
export type TripoMcpServerFactory = (context?: TripoMcpRequestContext) => McpServer;

const INSTRUCTIONS =
  'Tools to make 3D models with Tripo. generate_3d_model goes from a prompt or image to a saved model in one call; ' +
  'if it returns while the task is still running, continue with wait_for_task and download_model using the task_id ' +
  'instead of starting again. Saved models are also resources under tripokit://models/.';

/** Added for HTTP requests whose client's roots are not used. */
const NO_ROOTS_INSTRUCTIONS =
  ' Over this HTTP connection, local file paths are read on the server machine and only from its configured input ' +
  'folders (TRIPOKIT_ALLOWED_INPUT_DIRS); the client roots are not used, so prefer image URLs.';

/** How an instance may learn the client's roots (see {@link RootsAccess}). */
function rootsAccess(context: TripoMcpRequestContext | undefined): RootsAccess {
  const http = context?.requestInfo !== undefined || context?.tripokit !== undefined;
  if (http && context?.tripokit?.clientRoots !== true) return 'none';
  if (context?.era === 'modern') return 'input-required';
  // A 2025-era HTTP request cannot receive the client's answer to roots/list: it reaches another instance.
  return http ? 'none' : 'request';
}

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
  const kit = createTripoToolkit(options);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? options.clientOptions?.clock ?? systemClock;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const viewer = mcpAppsEnabled(options.apps, options.env ?? process.env)
    ? loadViewerPage(logger)
    : undefined;
  return (context) => {
    const http = context?.requestInfo !== undefined || context?.tripokit !== undefined;
    const access = rootsAccess(context);
    const serving = context?.tripokit;
    // Announce list changes only where they are sent: on a connection, or to 2026-era listen streams of the
    // TripoKit HTTP handler. The tool list never changes.
    const resourcesListChanged = !http || (context?.era === 'modern' && serving !== undefined);
    const server = new McpServer(
      { name: SERVER_NAME, title: 'TripoKit', version: PACKAGE_VERSION },
      {
        instructions: http && access === 'none' ? INSTRUCTIONS + NO_ROOTS_INSTRUCTIONS : INSTRUCTIONS,
        capabilities: { tools: { listChanged: false }, resources: { listChanged: resourcesListChanged } },
      },
    );
    if (serving !== undefined) {
      // This instance serves one request: a cancellation it receives is for a call another instance runs.
      server.server.setNotificationHandler('notifications/cancelled', (notification) => {
        const { requestId, reason } = notification.params;
        if (requestId === undefined) return;
        const outcome = serving.inFlight.cancel(requestId, reason);
        if (outcome === 'ambiguous')
          logger.warn(
            `A cancellation names request ${JSON.stringify(requestId)}, which several calls in flight share; none was cancelled.`,
          );
      });
    }
    const roots = new ClientRoots(server, logger, access);
    const onFilesSaved = (): void => {
      if (serving !== undefined) serving.resourcesChanged();
      else if (!http) server.sendResourceListChanged();
    };
    const bridge = {
      kit,
      roots,
      clock,
      heartbeatMs,
      logger,
      inFlight: serving?.inFlight,
      onFilesSaved,
    };
    const tools = new Map<string, RegisteredTool>();
    for (const tool of kit.tools) tools.set(tool.name, registerTool(server, tool, bridge));
    registerModelResources(server, kit.settings.files.outputDir);
    if (viewer) attachViewerApp(server, tools, viewer);
    return server;
  };
}
