import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTripoHandlers, FakeClock, TripoSimulator } from '@tripokit/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import {
  RecentTasks,
  runTool,
  type ToolContextOptions,
  type ToolProgressEvent,
  TripoError,
  toolErrorResult,
  tripoToolsByName,
} from '../src/index.js';

/** The only key the simulator accepts; no tool output may ever contain it. */
export const KEY = 'tsk_tools_test_key_4f9c2a7e51d0b3';

/** What one tool call produced, in the shape adapters report. */
export interface CallOutcome {
  progress: ToolProgressEvent[];
  text?: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read fields of many output schemas
  result?: Record<string, any>;
  error?: TripoError;
  /** `toolErrorResult(error)` for a failed call. */
  errorResult?: ReturnType<typeof toolErrorResult>;
}

/** Per-test simulator, fake clock, folders and tool configuration, with msw intercepting `fetch`. */
export interface ToolHarness {
  sim: TripoSimulator;
  clock: FakeClock;
  outputDir: string;
  inputDir: string;
  /** A folder that is *not* allowed for inputs. */
  outsideDir: string;
  config: ToolContextOptions;
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
  let current: TripoSimulator | undefined;
  const server = setupServer();
  const harness = {} as ToolHarness;
  let root = '';

  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterAll(() => server.close());
  beforeEach(async () => {
    const clock = new FakeClock();
    current = new TripoSimulator({ clock, apiKey: KEY });
    server.resetHandlers(...createTripoHandlers(current));
    root = await mkdtemp(path.join(tmpdir(), 'tripokit-tools-'));
    const inputDir = path.join(root, 'inputs');
    const outsideDir = path.join(root, 'elsewhere');
    await mkdir(inputDir);
    await mkdir(outsideDir);
    const recent = new RecentTasks();
    const config: ToolContextOptions = {
      clientOptions: {
        apiKey: KEY,
        baseUrl: current.apiBase(options.apiVersion ?? 'v3'),
        clock,
        env: {},
        webSocket: false,
      },
      outputDir: path.join(root, 'models'),
      allowedInputDirs: [inputDir],
      waitSeconds: options.waitSeconds ?? 45,
      recentTasks: recent,
      env: {},
    };
    Object.assign(harness, {
      sim: current,
      clock,
      outputDir: config.outputDir,
      inputDir,
      outsideDir,
      config,
      recent,
      async call(name, args, callOptions = {}) {
        const progress: ToolProgressEvent[] = [];
        try {
          const result = await runTool(tripoToolsByName[name], args, {
            config,
            signal: callOptions.signal,
            onProgress: (event) => progress.push(event),
          });
          return { progress, text: result.text, result: result.structured as Record<string, unknown> };
        } catch (error) {
          if (!(error instanceof TripoError)) throw error;
          return { progress, error, errorResult: toolErrorResult(error) };
        }
      },
    } satisfies Partial<ToolHarness>);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });
  return harness;
}

/** Everything a call produced, as one string: to check that the key never appears anywhere. */
export function everything(outcome: CallOutcome): string {
  return JSON.stringify({ ...outcome, error: outcome.error?.toJSON() }) + String(outcome.error?.stack ?? '');
}
