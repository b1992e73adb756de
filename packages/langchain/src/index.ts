/**
 * `@tripokit/langchain`: TripoKit's Tripo 3D tools for LangChain.js and LangGraph, with progress as custom
 * events and LangGraph custom stream chunks. One loop over the toolkit's tools, each run through `kit.run`.
 */
import { dispatchCustomEvent } from '@langchain/core/callbacks/dispatch';
import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import { ToolMessage } from '@langchain/core/messages';
import { patchConfig } from '@langchain/core/runnables';
import {
  StructuredTool,
  type StructuredToolCallInput,
  ToolInputParsingException,
  type ToolReturnType,
  type ToolRunnableConfig,
  type ToolRuntime,
} from '@langchain/core/tools';
import {
  createTripoToolkit,
  type ToolErrorDetail,
  type ToolkitTool,
  type ToolProgressEvent,
  TripoToolCallError,
  type TripoToolkit,
  type TripoToolkitOptions,
} from '@tripokit/core';

// Re-exported from `@tripokit/core` so that an app needs no direct dependency on it (pnpm keeps it private).
export type { TripoClientOptions, TripoErrorCode } from '@tripokit/core';
export { TripoClient, TripoError, TripoToolCallError } from '@tripokit/core';

/** Options of {@link createTripoTools}: core's `TripoToolkitOptions`, the same in every adapter. */
export type CreateTripoToolsOptions = TripoToolkitOptions;

/** A tool's input JSON Schema, as LangChain receives it. */
export type TripoToolSchema = Record<string, unknown>;

/** What a successful call returns under `content_and_artifact`: the text for the model, the structured result. */
export type TripoToolOutput = [content: string, artifact: Record<string, unknown>];

/** The artifact of a failed call's `ToolMessage`: core's structured error, and a failed task's status as `result`. */
export type TripoToolErrorArtifact = { error: ToolErrorDetail; result?: Record<string, unknown> };

/** Name of the custom event (and `type` of the LangGraph custom stream chunk) that carries progress. */
export const TRIPO_PROGRESS_EVENT = 'tripo_progress';

/** One progress update of a running TripoKit tool, as LangChain callbacks and LangGraph streams receive it. */
export type TripoProgressPayload = ToolProgressEvent & { tool: string; toolCallId?: string };

/** A chunk of LangGraph's `custom` stream mode written by a TripoKit tool. */
export type TripoProgressChunk = TripoProgressPayload & { type: typeof TRIPO_PROGRESS_EVENT };

/**
 * One TripoKit tool as a LangChain `StructuredTool` with `responseFormat: 'content_and_artifact'`: the model
 * reads a short text, the structured result is the `ToolMessage` artifact. Progress goes out, in order, as the
 * custom event `tripo_progress` and, inside LangGraph, to the `custom` stream writer.
 *
 * Invoked with a tool call, a failure comes back as a `ToolMessage` with `status: 'error'`, the error text as
 * content and {@link TripoToolErrorArtifact} as artifact; invoked with plain arguments it throws core's
 * `TripoToolCallError` (a `TripoError`). A cancelled call always throws.
 */
export class TripoStructuredTool extends StructuredTool<TripoToolSchema, unknown, unknown, TripoToolOutput> {
  readonly name: string;
  readonly description: string;
  readonly schema: TripoToolSchema;

  constructor(
    /** The toolkit tool this runs. */
    readonly definition: ToolkitTool,
    private readonly kit: TripoToolkit,
  ) {
    super({ responseFormat: 'content_and_artifact', metadata: definition.metadata });
    this.name = definition.name;
    this.description = definition.description;
    this.schema = definition.inputJsonSchema;
  }

  // `invoke` unwraps a tool call into `config.toolCall` and comes here; so do LangGraph's `ToolNode` and agents.
  override async call<
    TArg extends StructuredToolCallInput<TripoToolSchema, unknown>,
    TConfig extends ToolRunnableConfig | undefined,
  >(arg: TArg, config?: TConfig): Promise<ToolReturnType<TArg, TConfig, TripoToolOutput>> {
    try {
      return await super.call(arg, config);
    } catch (thrown) {
      // LangChain checks the arguments against the JSON Schema first; core says which field is wrong and why.
      const error =
        (thrown instanceof ToolInputParsingException && this.kit.checkInput(this.definition, arg)) || thrown;
      const tool_call_id = config?.toolCall?.id;
      if (!tool_call_id || !(error instanceof TripoToolCallError) || error.code === 'aborted') throw error;
      const artifact: TripoToolErrorArtifact = { error: error.detail, result: error.result };
      const content = error.text;
      const message = new ToolMessage({ status: 'error', name: this.name, tool_call_id, content, artifact });
      return message as ToolReturnType<TArg, TConfig, TripoToolOutput>;
    }
  }

  protected override async _call(
    args: unknown,
    runManager?: CallbackManagerForToolRun,
    // Inside a LangGraph node or `ToolNode`, `writer` is the `custom` stream's writer.
    config?: ToolRunnableConfig & Partial<Pick<ToolRuntime, 'writer'>>,
  ): Promise<TripoToolOutput> {
    const child = patchConfig(config, { callbacks: runManager?.getChild() });
    // Core delivers these in order, one after another, and a failing channel never fails the tool.
    const onProgress = (event: ToolProgressEvent) => {
      const payload: TripoProgressPayload = { ...event, tool: this.name, toolCallId: config?.toolCall?.id };
      const chunk: TripoProgressChunk = { type: TRIPO_PROGRESS_EVENT, ...payload };
      // The writer runs whatever the callbacks do, so a broken channel never silences the other.
      return dispatchCustomEvent(TRIPO_PROGRESS_EVENT, payload, child).finally(() => config?.writer?.(chunk));
    };
    const result = await this.kit.run(this.definition, args, { signal: config?.signal, onProgress });
    if (result.isError) throw result.error;
    return [result.text, result.structured as Record<string, unknown>];
  }
}

/**
 * TripoKit's tools as LangChain `StructuredTool`s, with the catalogue's names, descriptions and input
 * schemas. Use them with `model.bindTools(tools)`, a `ToolNode`, or a LangGraph agent. Nothing touches the
 * network until a tool runs, so creating them needs no key.
 *
 * @example
 * const agent = createAgent({ model, tools: createTripoTools({ outputDir: './models' }) });
 */
export function createTripoTools(options: CreateTripoToolsOptions = {}): TripoStructuredTool[] {
  const kit = createTripoToolkit(options);
  return kit.tools.map((definition) => new TripoStructuredTool(definition, kit));
}
