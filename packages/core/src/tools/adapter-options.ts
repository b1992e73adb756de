import {
  createToolRuntime,
  envSetting,
  TOOL_ENV,
  type ToolContextOptions,
  type ToolRuntime,
} from './context.js';
import { selectTools, type ToolSelection } from './select.js';
import type { ToolDefinition } from './types.js';

/**
 * Options of a framework adapter's `createTripoTools` (`@tripokit/ai-sdk`, `@tripokit/langchain`): core's tool
 * settings — a `client` or `clientOptions`, `outputDir`, `allowedInputDirs`, `waitSeconds`, `env`, with the
 * `TRIPO_*` and `TRIPOKIT_*` environment variables filling whatever is not given — plus which tools to expose.
 */
export interface TripoToolsOptions extends ToolContextOptions {
  /**
   * Which tools: a preset (`all`, `core`, `read-only`, `no-spend`), tool names and presets mixed, or the same
   * as a comma-separated string. Default: env `TRIPOKIT_TOOLS`, else `all`.
   */
  tools?: ToolSelection;
}

/** What an adapter builds its framework tools from. */
export interface AdapterTools {
  /** Shared by every tool of one `createTripoTools` call: the lazy client, task memory and key masking. */
  runtime: ToolRuntime;
  /** The chosen definitions, in catalogue order. */
  definitions: ToolDefinition[];
}

/**
 * Resolves adapter options once, the same way in every adapter. Nothing touches the network and no key is
 * needed until a tool runs. Throws `TripoError('config')` for an unknown tool name or a malformed setting.
 */
export function prepareAdapterTools(options: TripoToolsOptions = {}): AdapterTools {
  const tools = options.tools ?? envSetting(options, TOOL_ENV.tools) ?? 'all';
  return { runtime: createToolRuntime(options), definitions: selectTools(tools) };
}
