import type { z } from 'zod';
import type { TripoClient } from '../client/client.js';
import type { ApiVersion } from '../client/options.js';
import type { DownloadResult } from '../files/download.js';
import type { TaskStore } from './recent-tasks.js';

/** One live progress update from a running tool. The first one of a task-starting tool carries its `taskId`. */
export interface ToolProgressEvent {
  taskId?: string;
  /** The task's status (`queued`, `running`, …), or a tool phase such as `creating` or `downloading`. */
  status: string;
  /** 0–100. Never goes backwards within one call. */
  progress: number;
  /** One short sentence for a person or a model, e.g. "Running: 45%, about 30 s left". */
  message: string;
  etaSeconds?: number;
  queuePosition?: number;
}

/** Where files go and where local inputs may come from. */
export interface ToolFileSettings {
  /** Absolute folder that downloads are written into. */
  outputDir: string;
  /** Absolute folders that local input files may be read from. */
  allowedInputDirs: string[];
}

/** What a tool's `execute` gets besides its input; `kit.call` builds it for each call. */
export interface ToolContext {
  client: TripoClient;
  /** Aborts the tool call (not the Tripo task, which goes on at Tripo). */
  signal: AbortSignal;
  /** Receives live progress; adapters forward it to their framework's channel. */
  onProgress: (event: ToolProgressEvent) => void;
  files: ToolFileSettings;
  /** Default deadline, in seconds, of the waiting tools. */
  waitSeconds: number;
  /** Tasks started by this process, with their last known status: the safety net for a lost id. */
  recentTasks: TaskStore;
}

/** Hints for hosts: MCP maps these to tool annotations, others to docs. */
export interface ToolAnnotations {
  readOnly: boolean;
  idempotent: boolean;
  /** Calling it may spend Tripo credits. */
  spendsCredits: boolean;
  /** It talks to the outside world (the Tripo API or a file host). */
  openWorld: boolean;
  destructive?: boolean;
}

/** A tool's result: a short text for the model (≤ 1 KB), structured content matching `output`, the files it saved. */
export interface ToolResult<O> {
  text: string;
  structured: O;
  /** Every file this call saved (adapters link them, e.g. as MCP resources). */
  files?: readonly DownloadResult[];
}

/** A framework-neutral tool. One file per tool in `tools/`; `tools/index.ts` lists them all. */
export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** snake_case, identical in every adapter. */
  name: string;
  title: string;
  /** Written for a language model: what it does, when to use it, what it costs, what to call next. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  execute(input: z.output<I>, context: ToolContext): Promise<ToolResult<z.output<O>>>;
  /**
   * The tool as a toolkit on `dialect` offers it, for a tool whose model names differ between the API's dialects
   * (see `tools/dialect.ts`); absent when it is the same on both. Catalogue definitions are the v3 form.
   */
  forDialect?(dialect: ApiVersion): ToolDefinition<I, O>;
}
