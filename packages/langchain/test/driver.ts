import type { BaseMessage, ToolCall } from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { createTripoToolkit, RecentTasks, TripoError } from '@tripokit/core';
import {
  type ConformanceDriver,
  type ConformanceEnv,
  catalogueListing,
  progressRecorder,
  type ToolCallError,
  type ToolCallOutcome,
  type ToolListing,
  toolCallError,
} from '@tripokit/testing/conformance';
import {
  createTripoTools,
  TRIPO_PROGRESS_EVENT,
  type TripoProgressPayload,
  type TripoStructuredTool,
  type TripoToolErrorArtifact,
} from '../src/index.js';

/** The catalogue every adapter is held to, as core derives it for each dialect. */
export const catalogue = (apiVersion: 'v3' | 'v2'): ToolListing[] =>
  catalogueListing(
    createTripoToolkit({ env: { TRIPO_API_VERSION: apiVersion } }).tools,
    (tool) => tool.inputJsonSchema,
  );

/** Tools configured through explicit options (the AI SDK driver covers the environment route). */
export function toolsFor(env: ConformanceEnv): TripoStructuredTool[] {
  return createTripoTools({ ...env.toolOptions, recentTasks: new RecentTasks() });
}

function mapThrown(error: unknown): ToolCallError {
  if (error instanceof TripoError) return toolCallError(error);
  const name = (error as { name?: unknown } | null)?.name;
  const message = error instanceof Error ? error.message : String(error);
  return { code: name === 'AbortError' ? 'aborted' : 'internal', message };
}

function contentText(message: BaseMessage): string {
  return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
}

/**
 * Invokes each tool with a model-style tool call, as a `ToolNode` does, and reads the `ToolMessage`: content
 * is the text for the model, the artifact the structured result (or error). Progress is the `tripo_progress`
 * custom events.
 */
export function createLangChainDriver(env: ConformanceEnv): ConformanceDriver {
  const tools = toolsFor(env);
  return {
    async listTools() {
      return tools.map((tool) => ({
        name: tool.name,
        inputSchema: convertToOpenAITool(tool).function.parameters as Record<string, unknown>,
      }));
    },
    async callTool(name, args, options = {}) {
      const tool = tools.find((candidate) => candidate.name === name);
      if (tool === undefined)
        return { progress: [], error: { code: 'internal', message: `No tool ${name}` } };
      const { progress, add } = progressRecorder(options);
      const handler = {
        handleCustomEvent(eventName: string, data: unknown) {
          if (eventName !== TRIPO_PROGRESS_EVENT) return;
          const event = data as TripoProgressPayload;
          add({
            progress: event.progress,
            message: event.message,
            status: event.status,
            taskId: event.taskId,
          });
        },
      };
      try {
        const call: ToolCall = { type: 'tool_call', id: 'call-1', name, args };
        const message = await tool.invoke(call, {
          callbacks: [handler],
          ...(options.signal ? { signal: options.signal } : {}),
        });
        const text = contentText(message);
        if (message.status === 'error') {
          const { error, result } = message.artifact as TripoToolErrorArtifact;
          return {
            progress,
            text,
            error: toolCallError(error),
            ...(result ? { errorResult: result } : {}),
          } satisfies ToolCallOutcome;
        }
        return {
          progress,
          text,
          result: message.artifact as Record<string, unknown>,
        } satisfies ToolCallOutcome;
      } catch (error) {
        return { progress, error: mapThrown(error) };
      }
    },
    async close() {},
  };
}
