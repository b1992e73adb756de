/**
 * Reading TripoKit tool results in the viewer. The page is bundled apart from the server, so it reads the
 * fields it needs from plain JSON rather than importing core's schemas (which would bring Node code along).
 */

/** The parts of an MCP `CallToolResult` the viewer reads. */
export interface ToolResultLike {
  content?: readonly { type: string; [key: string]: unknown }[];
  structuredContent?: unknown;
  isError?: boolean;
  _meta?: Record<string, unknown>;
}

/** A task's state as a status-returning tool reports it. */
export interface TaskSnapshot {
  taskId: string;
  taskType?: string;
  /** Status as the API reports it. */
  status: string;
  /** queued, running, success, failed, banned, expired, cancelled or unknown. */
  outcome: string;
  terminal: boolean;
  progress: number;
  message: string;
  nextStep?: string;
  etaSeconds?: number;
  queuePosition?: number;
  failureCause?: string;
  warning?: string;
}

/** A file a tool saved into the server's output folder. */
export interface SavedFile {
  path: string;
  format: string;
  sizeBytes: number;
  /** The `tripokit://models/…` resource to read it through the host, when the result linked one. */
  uri?: string;
}

/** A failed call, from `_meta["tripokit/error"]` (or the text when a host strips `_meta`). */
export interface CallFailure {
  code: string;
  message: string;
  suggestion?: string;
  taskId?: string;
}

/** What one tool result says, whichever TripoKit tool produced it. */
export type ReadResult =
  | { kind: 'status'; task: TaskSnapshot; file?: SavedFile }
  | { kind: 'saved'; taskId: string; file: SavedFile; message: string }
  | { kind: 'started'; taskId: string; message: string; credits?: number }
  | { kind: 'failure'; failure: CallFailure }
  | { kind: 'other'; text: string };

/** Where the server puts a failed call's structured error. */
export const ERROR_META_KEY = 'tripokit/error';

type Json = Record<string, unknown>;

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The text items of a result, joined. */
export function resultText(result: ToolResultLike): string {
  return (result.content ?? [])
    .filter((item) => item.type === 'text')
    .map((item) => str(item.text) ?? '')
    .join('\n');
}

/** The first `resource_link` of a result, if any. */
export function linkedResource(result: ToolResultLike): string | undefined {
  const link = (result.content ?? []).find((item) => item.type === 'resource_link');
  return str(link?.uri);
}

function savedFile(value: unknown, uri: string | undefined): SavedFile | undefined {
  const file = obj(value);
  const path = str(file?.path);
  const format = str(file?.format);
  const sizeBytes = num(file?.size_bytes);
  if (path === undefined || format === undefined || sizeBytes === undefined) return undefined;
  return { path, format, sizeBytes, ...(uri ? { uri } : {}) };
}

function snapshot(s: Json): TaskSnapshot | undefined {
  const taskId = str(s.task_id);
  const outcome = str(s.outcome);
  if (taskId === undefined || outcome === undefined || typeof s.terminal !== 'boolean') return undefined;
  const optional = {
    taskType: str(s.task_type),
    nextStep: str(s.next_step),
    etaSeconds: num(s.eta_seconds),
    queuePosition: num(s.queue_position),
    failureCause: str(s.failure_cause),
    warning: str(s.warning),
  };
  return {
    taskId,
    status: str(s.status) ?? outcome,
    outcome,
    terminal: s.terminal,
    progress: Math.max(0, Math.min(100, num(s.progress) ?? 0)),
    message: str(s.message) ?? '',
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}

function failure(result: ToolResultLike): CallFailure {
  const meta = obj(result._meta?.[ERROR_META_KEY]);
  const text = resultText(result);
  return {
    code: str(meta?.code) ?? 'unknown',
    message: str(meta?.message) ?? (text || 'The call failed.'),
    ...(str(meta?.suggestion) ? { suggestion: str(meta?.suggestion) } : {}),
    ...(str(meta?.task_id) ? { taskId: str(meta?.task_id) } : {}),
  };
}

/** Reads any TripoKit tool result into what the viewer shows. */
export function readResult(result: ToolResultLike): ReadResult {
  const s = obj(result.structuredContent);
  const task = s && snapshot(s);
  // A task that ended without success is an error result that still carries the task's status.
  if (result.isError) return task ? { kind: 'status', task } : { kind: 'failure', failure: failure(result) };
  const uri = linkedResource(result);
  if (s === undefined) return { kind: 'other', text: resultText(result) };
  if (task) {
    const file = savedFile(s.file, uri);
    return file ? { kind: 'status', task, file } : { kind: 'status', task };
  }
  const taskId = str(s.task_id);
  const direct = savedFile(s, uri);
  if (taskId !== undefined && direct) {
    return { kind: 'saved', taskId, file: direct, message: str(s.message) ?? '' };
  }
  if (taskId !== undefined && str(s.task_type) !== undefined) {
    const credits = num(s.estimated_credits);
    return {
      kind: 'started',
      taskId,
      message: str(s.message) ?? '',
      ...(credits === undefined ? {} : { credits }),
    };
  }
  return { kind: 'other', text: resultText(result) };
}
