import { dispatchCustomEvent } from '@langchain/core/callbacks/dispatch';
import type { RunnableConfig } from '@langchain/core/runnables';
import type { ToolRunnableConfig } from '@langchain/core/tools';
import type { ToolProgressEvent } from '@tripokit/core';

/** Name of the custom event (and `type` of the LangGraph custom stream chunk) that carries progress. */
export const TRIPO_PROGRESS_EVENT = 'tripo_progress';

/** One progress update of a running TripoKit tool, as LangChain callbacks and LangGraph streams receive it. */
export type TripoProgressPayload = ToolProgressEvent & {
  /** The tool reporting, e.g. `generate_3d_model`. */
  tool: string;
  /** The id of the model's tool call, when the tool was invoked with one. */
  toolCallId?: string;
};

/** A chunk of LangGraph's `custom` stream mode written by a TripoKit tool. */
export type TripoProgressChunk = TripoProgressPayload & { type: typeof TRIPO_PROGRESS_EVENT };

type Writer = (chunk: unknown) => void;

/** LangGraph's stream writer: `config.writer` inside a graph node or `ToolNode`, else none. */
function writerOf(config: ToolRunnableConfig | undefined): Writer | undefined {
  const candidate =
    (config as { writer?: unknown } | undefined)?.writer ??
    (config?.configurable as { writer?: unknown } | undefined)?.writer;
  return typeof candidate === 'function' ? (candidate as Writer) : undefined;
}

/**
 * The progress sink of one call: each event goes to `dispatchCustomEvent` (callbacks, `streamEvents`) and,
 * inside LangGraph, to the `custom` stream writer. Events are dispatched strictly in order; `flush()` waits for
 * the last one. A failing channel never fails the tool.
 */
export function progressChannel(
  tool: string,
  config: ToolRunnableConfig | undefined,
  childConfig: RunnableConfig,
): { onProgress: (event: ToolProgressEvent) => void; flush: () => Promise<void> } {
  const writer = writerOf(config);
  const toolCallId = config?.toolCall?.id;
  let queue: Promise<void> = Promise.resolve();
  return {
    onProgress(event) {
      const payload: TripoProgressPayload = { ...event, tool, ...(toolCallId ? { toolCallId } : {}) };
      writer?.({ type: TRIPO_PROGRESS_EVENT, ...payload } satisfies TripoProgressChunk);
      queue = queue
        .then(() => dispatchCustomEvent(TRIPO_PROGRESS_EVENT, payload, childConfig))
        .catch(() => {});
    },
    flush: () => queue,
  };
}
