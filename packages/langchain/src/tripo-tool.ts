import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import { ToolMessage } from '@langchain/core/messages';
import { patchConfig } from '@langchain/core/runnables';
import {
  StructuredTool,
  type StructuredToolCallInput,
  type ToolReturnType,
  type ToolRunnableConfig,
} from '@langchain/core/tools';
import {
  invalidInputError,
  runTool,
  TaskFailedError,
  type ToolDefinition,
  type ToolErrorContent,
  type ToolRuntime,
  TripoError,
  taskFailureOf,
  toolErrorResult,
  toolInputJsonSchema,
  toolMetadata,
} from '@tripokit/core';
import { progressChannel } from './progress.js';

/** A tool's input JSON Schema, as LangChain receives it. */
export type TripoToolSchema = Record<string, unknown>;

/** What a successful call returns under `content_and_artifact`: the text for the model, the structured result. */
export type TripoToolOutput = [content: string, artifact: Record<string, unknown>];

/**
 * The artifact of a failed call's `ToolMessage` (`status: 'error'`): core's structured error, plus, when the
 * call's task ended without success (code `task_failed`), the structured status as `result`.
 */
export type TripoToolErrorArtifact = ToolErrorContent & { result?: Record<string, unknown> };

/** The model's tool call, when the tool was invoked with one rather than with plain arguments. */
function toolCallOf(input: unknown): { id?: unknown; args?: unknown } | undefined {
  const isToolCall =
    typeof input === 'object' && input !== null && (input as { type?: unknown }).type === 'tool_call';
  return isToolCall ? (input as { id?: unknown; args?: unknown }) : undefined;
}

/**
 * One TripoKit tool as a LangChain `StructuredTool` with `responseFormat: 'content_and_artifact'`: the model
 * reads a short text, the structured result is the `ToolMessage` artifact. Progress goes out as the custom
 * event `tripo_progress` and, inside LangGraph, to the `custom` stream writer.
 *
 * Invoked with a tool call, a failure comes back as a `ToolMessage` with `status: 'error'`, the error text
 * (message, advice, task id) as content and the structured error as artifact; invoked with plain arguments
 * it throws the `TripoError`. A cancelled call always throws. A task that ended without success (failed,
 * banned, expired…) is such a failure: code `task_failed`, with the structured status as the artifact's `result`
 * (or on the thrown error's `result`).
 */
export class TripoStructuredTool extends StructuredTool<TripoToolSchema, unknown, unknown, TripoToolOutput> {
  static override lc_name(): string {
    return 'TripoStructuredTool';
  }

  readonly name: string;
  readonly description: string;
  readonly schema: TripoToolSchema;
  /** The framework-neutral definition this tool runs. */
  readonly definition: ToolDefinition;
  readonly #runtime: ToolRuntime;

  constructor(definition: ToolDefinition, runtime: ToolRuntime) {
    super({
      responseFormat: 'content_and_artifact',
      metadata: toolMetadata(definition),
    });
    this.name = definition.name;
    this.description = definition.description;
    this.schema = toolInputJsonSchema(definition);
    this.definition = definition;
    this.#runtime = runtime;
  }

  override async invoke<
    TInput extends StructuredToolCallInput<TripoToolSchema, unknown>,
    TConfig extends ToolRunnableConfig | undefined,
  >(input: TInput, config?: TConfig): Promise<ToolReturnType<TInput, TConfig, TripoToolOutput>> {
    const call = toolCallOf(input);
    try {
      // Core's validation first, so a bad argument fails as `invalid_request` naming the field, as everywhere.
      const args = (call ? call.args : input) ?? {};
      const parsed = this.definition.input.safeParse(args);
      if (!parsed.success) throw invalidInputError(this.name, parsed.error, args);
      return await super.invoke(input, config);
    } catch (error) {
      const toolCallId = typeof call?.id === 'string' ? call.id : config?.toolCall?.id;
      if (toolCallId === undefined || !(error instanceof TripoError) || error.code === 'aborted') throw error;
      return this.errorMessage(error, toolCallId) as ToolReturnType<TInput, TConfig, TripoToolOutput>;
    }
  }

  protected override async _call(
    args: unknown,
    runManager?: CallbackManagerForToolRun,
    parentConfig?: ToolRunnableConfig,
  ): Promise<TripoToolOutput> {
    const childConfig = patchConfig(parentConfig, { callbacks: runManager?.getChild() });
    const progress = progressChannel(this.name, parentConfig, childConfig);
    try {
      const result = await runTool(this.definition, args, {
        config: this.#runtime,
        signal: parentConfig?.signal,
        onProgress: progress.onProgress,
      });
      const failed = taskFailureOf(result);
      if (failed !== undefined) throw failed;
      return [result.text, result.structured as Record<string, unknown>];
    } finally {
      await progress.flush();
    }
  }

  private errorMessage(error: TripoError, toolCallId: string): ToolMessage {
    const shaped = toolErrorResult(error, { redact: this.#runtime.redact });
    return new ToolMessage({
      status: 'error',
      name: this.name,
      tool_call_id: toolCallId,
      content: shaped.text,
      artifact: {
        ...shaped.structured,
        ...(error instanceof TaskFailedError ? { result: error.result.structured } : {}),
      } satisfies TripoToolErrorArtifact,
    });
  }
}
