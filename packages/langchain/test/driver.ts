import type { BaseMessage, ToolCall } from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { RecentTasks, TripoError, toolInputJsonSchema, tripoTools } from '@tripokit/core';
import type {
  ConformanceDriver,
  ConformanceEnv,
  ProgressUpdate,
  ToolCallError,
  ToolCallOutcome,
  ToolListing,
} from '@tripokit/testing/conformance';
import {
  createTripoTools,
  TRIPO_PROGRESS_EVENT,
  type TripoProgressPayload,
  type TripoStructuredTool,
  type TripoToolErrorArtifact,
} from '../src/index.js';

/** The catalogue every adapter is held to, as core derives it. */
export const catalogue: ToolListing[] = tripoTools.map((tool) => ({
  name: tool.name,
  inputSchema: toolInputJsonSchema(tool),
}));

/** Tools configured through explicit options (the AI SDK driver covers the environment route). */
export function toolsFor(env: ConformanceEnv): TripoStructuredTool[] {
  return createTripoTools({
    clientOptions: {
      apiKey: env.apiKey,
      baseUrl: env.baseUrl,
      apiVersion: env.apiVersion,
      ...(env.clock ? { clock: env.clock } : {}),
    },
    outputDir: env.outputDir,
    allowedInputDirs: env.allowedInputDirs,
    waitSeconds: env.waitSeconds,
    recentTasks: new RecentTasks(),
    env: {},
  });
}

function mapThrown(error: unknown): ToolCallError {
  if (error instanceof TripoError) {
    return {
      code: error.code,
      message: error.message,
      ...(error.suggestion ? { suggestion: error.suggestion } : {}),
    };
  }
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
      const progress: ProgressUpdate[] = [];
      const handler = {
        handleCustomEvent(eventName: string, data: unknown) {
          if (eventName !== TRIPO_PROGRESS_EVENT) return;
          const event = data as TripoProgressPayload;
          const update = {
            progress: event.progress,
            message: event.message,
            status: event.status,
            taskId: event.taskId,
          };
          progress.push(update);
          options.onProgress?.(update);
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
          const { error } = message.artifact as TripoToolErrorArtifact;
          const mapped = {
            code: error.code,
            message: error.message,
            ...(error.suggestion ? { suggestion: error.suggestion } : {}),
          };
          return { progress, text, error: mapped } satisfies ToolCallOutcome;
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
