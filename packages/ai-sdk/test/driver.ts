import { createTripoToolkit, RecentTasks, TripoError } from '@tripokit/core';
import {
  type ConformanceDriver,
  type ConformanceEnv,
  catalogueListing,
  type ProgressUpdate,
  progressRecorder,
  type ToolCallError,
  type ToolCallOutcome,
  type ToolListing,
  toolCallError,
} from '@tripokit/testing/conformance';
import { asSchema, InvalidToolInputError, isStepCount, streamText } from 'ai';
import { createTripoTools, TripoToolCallError, type TripoToolOutput, type TripoTools } from '../src/index.js';
import { scriptedModel, textTurn, toolCallTurn, toolTextIn } from './scripted-model.js';

/** The catalogue every adapter is held to, as core derives it for each dialect. */
export const catalogue = (apiVersion: 'v3' | 'v2'): ToolListing[] =>
  catalogueListing(
    createTripoToolkit({ env: { TRIPO_API_VERSION: apiVersion } }).tools,
    (tool) => tool.inputJsonSchema,
  );

/** Tools configured the way an application would: everything from `TRIPO_*`/`TRIPOKIT_*` variables. */
export function toolsFor(env: ConformanceEnv): TripoTools {
  return createTripoTools({
    env: env.envVars,
    clientOptions: env.clock ? { clock: env.clock } : {},
    recentTasks: new RecentTasks(),
  });
}

function mapError(error: unknown): ToolCallError {
  if (error instanceof TripoError) return toolCallError(error);
  if (InvalidToolInputError.isInstance(error)) return { code: 'invalid_request', message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

function progressOf(output: TripoToolOutput): ProgressUpdate | undefined {
  if (output.type !== 'progress') return undefined;
  return { progress: output.progress, message: output.message, status: output.status, taskId: output.taskId };
}

/**
 * Calls each tool the way an app does: `streamText` with a scripted model that asks for the call, then reads
 * the tool result. Progress is the preliminary results; the text is what the model read back.
 */
export function createAiSdkDriver(env: ConformanceEnv): ConformanceDriver {
  const tools = toolsFor(env);
  return {
    async listTools() {
      return Promise.all(
        Object.entries(tools).map(async ([name, tool]) => ({
          name,
          inputSchema: (await asSchema(tool.inputSchema).jsonSchema) as Record<string, unknown>,
        })),
      );
    },
    async callTool(name, args, options = {}) {
      let readBack: string | undefined;
      const model = scriptedModel((prompt, turn) => {
        if (turn === 0) return toolCallTurn(name, args);
        readBack = toolTextIn(prompt);
        return textTurn('Done.');
      });
      const { progress, add } = progressRecorder(options);
      const outcome: ToolCallOutcome = { progress };
      const run = streamText({
        model,
        tools,
        prompt: 'Conformance check.',
        stopWhen: isStepCount(2),
        ...(options.signal ? { abortSignal: options.signal } : {}),
      });
      for await (const part of run.stream) {
        if (part.type === 'tool-result' && part.toolName === name) {
          const output = part.output as TripoToolOutput;
          if (part.preliminary) {
            const update = progressOf(output);
            if (update) add(update);
          } else if (output.type === 'result') {
            outcome.result = output.result;
          }
        } else if (part.type === 'tool-error') {
          outcome.error = mapError(part.error);
          if (part.error instanceof TripoToolCallError && part.error.result)
            outcome.errorResult = part.error.result;
        } else if (part.type === 'abort') {
          outcome.error ??= { code: 'aborted', message: 'The streamText call was aborted.' };
        } else if (part.type === 'error') {
          outcome.error ??= mapError(part.error);
        }
      }
      return readBack === undefined ? outcome : { ...outcome, text: readBack };
    },
    async close() {},
  };
}
