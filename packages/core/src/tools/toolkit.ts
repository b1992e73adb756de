import type { z } from 'zod';
import { TripoClient } from '../client/client.js';
import { type ApiVersion, resolveApiVersion, type TripoClientOptions } from '../client/options.js';
import { TripoError } from '../errors.js';
import { createRedactor, type Redactor } from '../redact.js';
import {
  type CallHost,
  callTool,
  parseInput,
  settleCall,
  type ToolCallItem,
  type ToolCallOptions,
  type ToolCallResult,
} from './call.js';
import type { TripoToolName, TripoToolsByName } from './catalogue.js';
import { toolForDialect } from './dialect.js';
import { advertisedJsonSchema } from './json-schema.js';
import { processRecentTasks, type TaskStore } from './recent-tasks.js';
import { selectTools, type ToolSelection } from './select.js';
import {
  envOf,
  envSetting,
  resolveToolSettings,
  TOOL_ENV,
  type ToolSettings,
  type ToolSettingsOptions,
} from './settings.js';
import { TripoToolCallError } from './tool-error.js';
import type { ToolDefinition } from './types.js';

/**
 * Options of {@link createTripoToolkit}, and of every adapter's factory (`createTripoTools`,
 * `createTripoMcpServer`). Every field is optional; the `TRIPO_*` and `TRIPOKIT_*` environment variables fill
 * what is not given.
 */
export interface TripoToolkitOptions extends ToolSettingsOptions {
  /** A ready client, or a factory called on first use. Default: `new TripoClient(clientOptions)`. */
  client?: TripoClient | (() => TripoClient);
  /** Options for the client created when `client` is not given (the key defaults to env `TRIPO_API_KEY`). */
  clientOptions?: TripoClientOptions;
  /** Where tasks are remembered (`list_recent_tasks`). Default: one in-memory store for the whole process. */
  recentTasks?: TaskStore;
  /**
   * Which tools: a preset (`all`, `core`, `read-only`, `no-spend`), tool names and presets mixed, or the same
   * as a comma-separated string. Default: env `TRIPOKIT_TOOLS`, else `all`.
   */
  tools?: ToolSelection;
  /**
   * JSON Schemas derived ahead of time (the MCP bin derives them when it is built): asked first for each tool's
   * advertised schema, keyed by the very zod schema it was derived from; `undefined` means derive it here.
   */
  precomputedJsonSchemas?: (schema: z.ZodType, io: 'input' | 'output') => Record<string, unknown> | undefined;
}

/** What AI SDK and LangChain tools carry as `metadata`, so a host can tell TripoKit's apart and see which spend credits. */
export type TripoToolMetadata = {
  source: 'tripokit';
  title: string;
  readOnly: boolean;
  spendsCredits: boolean;
};

/** One tool of a toolkit: its definition, plus what a framework advertises (JSON Schemas, metadata). */
export type ToolkitTool<D extends ToolDefinition = ToolDefinition> = D & {
  /** The input as JSON Schema (draft 2020-12, without `$schema`), derived from `input`: exactly what a model sees. */
  readonly inputJsonSchema: Record<string, unknown>;
  /**
   * The structured result as JSON Schema (draft 2020-12, without `$schema`), derived from `output`: the fields
   * an agent reads; results may carry more (see `detail`).
   */
  readonly outputJsonSchema: Record<string, unknown>;
  readonly metadata: TripoToolMetadata;
};

/** The result type of a tool, by definition or catalogue name. */
export type ToolOutputOf<T> = T extends ToolDefinition
  ? z.output<T['output']>
  : T extends TripoToolName
    ? z.output<TripoToolsByName[T]['output']>
    : unknown;

/**
 * TripoKit's tools for one host: the client (created on first use, so listing tools needs no key), the redactor
 * that masks the key, the task store and the settings, and one way to call any tool.
 */
export interface TripoToolkit {
  /**
   * The selected tools, in catalogue order, in the form of {@link apiVersion}: a tool advertises and accepts the
   * model names that dialect takes. An adapter maps each to its framework's tool, nothing more.
   */
  readonly tools: readonly ToolkitTool[];
  /**
   * The API dialect the tools speak: a ready client's, else `clientOptions.apiVersion`, env `TRIPO_API_VERSION`,
   * the base URL's, else `v3`. A client from a factory must speak the same one.
   */
  readonly apiVersion: ApiVersion;
  readonly settings: ToolSettings;
  readonly recentTasks: TaskStore;
  /** Masks the API key (and anything shaped like one) in text. */
  readonly redact: Redactor;
  /** The client; created on first read. Throws `TripoError('config')` when there is no key. */
  readonly client: TripoClient;
  /**
   * Calls a tool (one of {@link tools} by name, or any definition): validates `rawInput` (an invalid one ends
   * in `invalid_request` naming the field; nothing is sent), runs it, checks its result, and yields its
   * progress events, then exactly one result. Nothing is thrown: a failure is a result with `isError` and the
   * shaped {@link TripoToolCallError}; so is a task that ended without success (code `task_failed`, with its
   * status). Texts stay under 1 KB and never hold the key. Stopping early aborts the call (not the task).
   */
  call<T extends string | ToolDefinition>(
    tool: T,
    rawInput: unknown,
    options?: ToolCallOptions,
  ): AsyncGenerator<ToolCallItem<ToolOutputOf<T>>, void, undefined>;
  /**
   * {@link call} for hosts that want only the end: progress goes to `options.onProgress` (in order, one delivery
   * at a time, its promises awaited), and the promise resolves with the one result once the last delivery
   * settled. It never rejects; only an unknown tool name throws, as it does for `call`.
   */
  run<T extends string | ToolDefinition>(
    tool: T,
    rawInput: unknown,
    options?: ToolCallOptions,
  ): Promise<ToolCallResult<ToolOutputOf<T>>>;
  /**
   * The `invalid_request` failure `call` would end with for this input, or `undefined` when it is valid: for
   * frameworks that check arguments on their own first (LangChain), to say which field is wrong and why.
   */
  checkInput(tool: string | ToolDefinition, rawInput: unknown): TripoToolCallError | undefined;
}

function toolkitTool(
  definition: ToolDefinition,
  precomputed: TripoToolkitOptions['precomputedJsonSchemas'],
): ToolkitTool {
  let input: Record<string, unknown> | undefined;
  let output: Record<string, unknown> | undefined;
  const { readOnly, spendsCredits } = definition.annotations;
  return {
    ...definition,
    // Derived on first use: a host that lists no schemas (or only some) pays nothing for the others.
    get inputJsonSchema() {
      input ??= precomputed?.(definition.input, 'input') ?? advertisedJsonSchema(definition.input, 'input');
      return input;
    },
    get outputJsonSchema() {
      output ??=
        precomputed?.(definition.output, 'output') ?? advertisedJsonSchema(definition.output, 'output');
      return output;
    },
    metadata: { source: 'tripokit', title: definition.title, readOnly, spendsCredits },
  };
}

/** The toolkit's client, made on first use; one from a factory must speak the dialect the tools were built for. */
function createClient(options: TripoToolkitOptions, apiVersion: ApiVersion): TripoClient {
  if (typeof options.client !== 'function')
    return new TripoClient({ ...options.clientOptions, env: options.clientOptions?.env ?? options.env });
  const made = options.client();
  if (made.apiVersion !== apiVersion) {
    throw new TripoError(
      'config',
      `The client factory made a ${made.apiVersion} client, but the tools were set up for ${apiVersion}.`,
      {
        suggestion: `Set clientOptions.apiVersion (or TRIPO_API_VERSION) to ${made.apiVersion} along with the factory.`,
      },
    );
  }
  return made;
}

/**
 * Builds the toolkit every adapter is made of. Settings are resolved here (a `TripoError('config')` for an
 * unknown tool name or a malformed wait time); nothing touches the network and no key is needed until a tool
 * runs.
 *
 * @example
 * const kit = createTripoToolkit({ outputDir: './models', tools: 'core' });
 * for await (const item of kit.call('generate_3d_model', { prompt: 'a red fox' })) {
 *   if (item.type === 'progress') console.log(item.progress, item.message);
 *   else console.log(item.text, item.files);
 * }
 */
export function createTripoToolkit(options: TripoToolkitOptions = {}): TripoToolkit {
  const env = envOf(options);
  let client = typeof options.client === 'object' ? options.client : undefined;
  const apiVersion =
    client?.apiVersion ??
    resolveApiVersion({ ...options.clientOptions, env: options.clientOptions?.env ?? options.env });
  const tools = selectTools(options.tools ?? envSetting(options, TOOL_ENV.tools) ?? 'all').map((tool) =>
    toolkitTool(toolForDialect(tool, apiVersion), options.precomputedJsonSchemas),
  );
  const known = createRedactor([options.clientOptions?.apiKey, env.TRIPO_API_KEY]);
  const definitionOf = (tool: string | ToolDefinition): ToolDefinition => {
    if (typeof tool !== 'string') return toolForDialect(tool, apiVersion);
    const found = tools.find((candidate) => candidate.name === tool);
    if (found) return found;
    throw new TripoError('config', `This toolkit has no tool "${tool.slice(0, 60)}".`, {
      suggestion: `Use one of ${tools.map((t) => t.name).join(', ')}, or choose more with the tools option.`,
    });
  };
  const kit: TripoToolkit & CallHost = {
    tools,
    apiVersion,
    settings: resolveToolSettings(options),
    recentTasks: options.recentTasks ?? processRecentTasks,
    // The client knows its own key, however it got it (a ready client, a factory): ask it too once it exists.
    redact: (text) => (client ? client.redact(known(text)) : known(text)),
    get client() {
      client ??= createClient(options, apiVersion);
      return client;
    },
    call<T extends string | ToolDefinition>(tool: T, rawInput: unknown, callOptions?: ToolCallOptions) {
      return callTool<ToolOutputOf<T>>(kit, definitionOf(tool), rawInput, callOptions);
    },
    run<T extends string | ToolDefinition>(tool: T, rawInput: unknown, callOptions: ToolCallOptions = {}) {
      return settleCall<ToolOutputOf<T>>(kit, definitionOf(tool), rawInput, callOptions);
    },
    checkInput(tool, rawInput) {
      const parsed = parseInput(definitionOf(tool), rawInput);
      return 'error' in parsed ? new TripoToolCallError(parsed.error, { redact: kit.redact }) : undefined;
    },
  };
  return kit;
}
