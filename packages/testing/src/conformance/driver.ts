import type { FakeClock } from '../sim/clock.js';
import type { TripoSimulator } from '../sim/simulator.js';

/** One tool as the framework presents it to a model. */
export interface ToolListing {
  name: string;
  /** The input JSON Schema exactly as the framework would send it to a model. */
  inputSchema: Record<string, unknown>;
}

/**
 * One live progress update, as it reached the framework's own channel (MCP progress notification, AI SDK
 * preliminary result, LangChain custom event…). Only `progress` and `message` exist in every framework.
 */
export interface ProgressUpdate {
  /** 0–100. */
  progress: number;
  /** One short sentence, when the channel carries one. */
  message?: string;
  /** The task's status or the tool's phase, when the channel carries it. */
  status?: string;
  /** The task id, when the channel carries it. */
  taskId?: string;
}

/** A failure as the framework reported it, mapped to TripoKit's vocabulary. */
export interface ToolCallError {
  /**
   * The `TripoError` code (`content_policy`, `outcome_unknown`, …). A driver maps the framework's own failure
   * kinds onto the same words: its input validation to `invalid_request`, its abort to `aborted`.
   */
  code: string;
  message: string;
  /** The advice that came with it, when the framework delivered one. */
  suggestion?: string;
}

/** Everything one tool call produced, in arrival order. Exactly one of `result` and `error` is set. */
export interface ToolCallOutcome {
  progress: ProgressUpdate[];
  /** The structured result (the tool's output schema). */
  result?: Record<string, unknown>;
  /** The short text the model reads, when the framework keeps it apart from the structured result. */
  text?: string;
  error?: ToolCallError;
  /**
   * The structured result an error came with, as the framework delivered it next to the error: a call whose
   * task ended without success (code `task_failed`) still reports the task's status (`outcome`,
   * `failure_cause`, `next_step`, …).
   */
  errorResult?: Record<string, unknown>;
}

/** Options of one tool call. */
export interface ToolCallOptions {
  /** Aborting it must end the call promptly, through the framework's own cancellation path. */
  signal?: AbortSignal;
  /**
   * Must be called with each progress update the moment the framework delivers it, in the same order as
   * {@link ToolCallOutcome.progress}: scenarios react to progress while the call runs (e.g. to cancel it).
   */
  onProgress?: (update: ProgressUpdate) => void;
}

/**
 * How the suite talks to one framework. A driver wraps the adapter under test exactly as an application would
 * use it, and reports what the framework delivered; it holds no Tripo logic of its own.
 */
export interface ConformanceDriver {
  listTools(): Promise<ToolListing[]>;
  /** Calls one tool; resolves (never rejects) with what came back, including failures. */
  callTool(name: string, args: Record<string, unknown>, options?: ToolCallOptions): Promise<ToolCallOutcome>;
  close(): Promise<void>;
}

/** Where the simulator lives for a run of the suite. */
export type SimulatorMode =
  /** msw intercepts this process's `fetch`; time is a {@link FakeClock}, so waits take no real time. */
  | 'msw'
  /** A loopback HTTP server on port 0 with sped-up real time, for drivers that run the tools in another process. */
  | 'server';

/** The API generations the suite runs against. */
export type ConformanceApiVersion = 'v3' | 'v2';

/**
 * How the simulator reads v3 requests: `lenient` (its default) or `strict` (`strictV3`: the strictest public
 * sources, e.g. no default model version on v3). The v2 dialect reads alike in both.
 */
export type SimulatorReading = 'lenient' | 'strict';

/** What a driver gets to build the adapter for one scenario. Everything it needs comes from here. */
export interface ConformanceEnv {
  mode: SimulatorMode;
  /** How the simulator reads requests in this run. */
  reading: SimulatorReading;
  /** The simulator the scenario scripts and inspects. */
  sim: TripoSimulator;
  /** The full API base the tools must use (`TRIPO_BASE_URL`). */
  baseUrl: string;
  apiVersion: ConformanceApiVersion;
  /** The only key the simulator accepts; it must never show in anything a tool returns. */
  apiKey: string;
  /** In `msw` mode the clock the client must sleep on; `undefined` in `server` mode. */
  clock: FakeClock | undefined;
  /** Absolute folder downloads must go to. */
  outputDir: string;
  /** Absolute folders local input files may be read from. */
  allowedInputDirs: string[];
  /** Deadline, in seconds, of the waiting tools. */
  waitSeconds: number;
  /** The same settings as options of a tools factory, for drivers that build the tools in this process. */
  toolOptions: ConformanceToolOptions;
  /**
   * The same settings as `TRIPO_*` environment variables, for drivers that start the tools in a child
   * process (e.g. an MCP server over stdio).
   */
  envVars: Record<string, string>;
}

/**
 * A scenario's settings as options of a TripoKit tools factory (`createTripoTools`, `createTripoMcpServer`…).
 * `env: {}` keeps the tools from reading `process.env`.
 */
export interface ConformanceToolOptions {
  clientOptions: { apiKey: string; baseUrl: string; apiVersion: ConformanceApiVersion; clock?: FakeClock };
  outputDir: string;
  allowedInputDirs: string[];
  waitSeconds: number;
  env: Record<string, string>;
}

/** Options of {@link runConformanceSuite}. */
export interface ConformanceSuiteOptions {
  /** Shown in test names, e.g. `ai-sdk`. */
  name: string;
  /** Builds a driver for one scenario; called once per test with a fresh simulator. */
  createDriver(env: ConformanceEnv): ConformanceDriver | Promise<ConformanceDriver>;
  /**
   * The catalogue's tool names and canonical input JSON Schemas, which every adapter must present unchanged
   * (take them from `@tripokit/core`). Because every adapter is held to the same list, their tools are
   * identical to each other. A function gives the list of each dialect (a toolkit names that dialect's models).
   */
  catalogue: readonly ToolListing[] | ((apiVersion: ConformanceApiVersion) => readonly ToolListing[]);
  /** Default `msw`. Use `server` when the tools run in another process. */
  mode?: SimulatorMode;
  /** Clock speed-up of the `server` simulator (default 50). */
  serverSpeed?: number;
  /**
   * Run only these scenario groups (see {@link CONFORMANCE_GROUPS}); default all. For an extra, slower run
   * (e.g. over a real transport) next to the full one, never instead of it.
   */
  groups?: readonly ConformanceGroup[];
  /**
   * The dialects to run every scenario against. Default: both (`['v3', 'v2']`) in `msw` mode; `['v3']` in
   * `server` mode, an extra run over a real transport whose dialects the `msw` run already covers.
   */
  apiVersions?: readonly ConformanceApiVersion[];
  /**
   * The simulator readings to run every scenario against. Default: both (`['lenient', 'strict']`) in `msw`
   * mode; `['lenient']` in `server` mode (the `msw` run covers both).
   */
  readings?: readonly SimulatorReading[];
}

/** The scenario groups of the suite, in the order they run. */
export const CONFORMANCE_GROUPS = [
  'tool listing',
  'text to model',
  'image input',
  'failure outcomes',
  'billing safety',
  'invalid input',
  'deadlines',
  'cancellation',
  'secrets',
] as const;

/** One of {@link CONFORMANCE_GROUPS}. */
export type ConformanceGroup = (typeof CONFORMANCE_GROUPS)[number];
