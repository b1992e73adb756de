import { type SimulatorHarness, useSimulatorHarness } from '@tripokit/testing/harness';
import {
  createTripoToolkit,
  RecentTasks,
  type ToolErrorDetail,
  type ToolProgressEvent,
  type TripoToolCallError,
  type TripoToolkitOptions,
  type tripoToolsByName,
} from '../src/index.js';

/** The only key the simulator accepts; no tool output may ever contain it. */
export const KEY = 'tsk_tools_test_key_4f9c2a7e51d0b3';

/** What one tool call produced, in the shape adapters report. */
export interface CallOutcome {
  progress: ToolProgressEvent[];
  text?: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of many output schemas
  result?: Record<string, any>;
  error?: TripoToolCallError;
  /** A failed call's text and structured error, as adapters report them. */
  errorResult?: { text: string; structured: { error: ToolErrorDetail } };
}

/** Per-test simulator, fake clock, folders and tool configuration, with msw intercepting `fetch`. */
export interface ToolHarness extends SimulatorHarness {
  config: TripoToolkitOptions;
  recent: RecentTasks;
  call(
    name: keyof typeof tripoToolsByName,
    args: unknown,
    options?: { signal?: AbortSignal },
  ): Promise<CallOutcome>;
}

/** Installs the msw server once per file and a fresh simulator and folders per test. */
export function useToolHarness(
  options: { apiVersion?: 'v3' | 'v2'; waitSeconds?: number } = {},
): ToolHarness {
  const base = { apiKey: KEY, name: 'tools', apiVersion: options.apiVersion ?? 'v3' } as const;
  return useSimulatorHarness(base, ({ toolOptions, inputDir }) => {
    const recent = new RecentTasks();
    const config: TripoToolkitOptions = {
      ...toolOptions,
      clientOptions: { ...toolOptions.clientOptions, env: {}, webSocket: false },
      allowedInputDirs: [inputDir],
      waitSeconds: options.waitSeconds ?? 45,
      recentTasks: recent,
    };
    const call: ToolHarness['call'] = async (name, args, callOptions = {}) => {
      const progress: ToolProgressEvent[] = [];
      const kit = createTripoToolkit(config);
      for await (const item of kit.call(name, args, { signal: callOptions.signal })) {
        if (item.type === 'progress') {
          const { type: _progress, ...event } = item;
          progress.push(event);
          continue;
        }
        const result = item.structured as Record<string, unknown> | undefined;
        if (!item.isError) return { progress, text: item.text, result };
        const errorResult = { text: item.text, structured: { error: item.error.detail } };
        return { progress, text: item.text, ...(result ? { result } : {}), error: item.error, errorResult };
      }
      throw new Error('The call ended without a result.');
    };
    return { config, recent, call };
  });
}

/** Everything a call produced, as one string: to check that the key never appears anywhere. */
export function everything(outcome: CallOutcome): string {
  return JSON.stringify({ ...outcome, error: outcome.error?.toJSON() }) + String(outcome.error?.stack ?? '');
}
