import { type TaskStatus, TERMINAL_STATUSES } from '@tripokit/core';
import type { Fields, ToolExchange } from './conversation.js';

/** The bits of a TripoKit tool result the scripted agent reasons about. */
export interface ResultSummary {
  taskId?: string;
  /** Normalised outcome (`success`, `queued`, `banned`, …) when the result is about a task. */
  outcome?: string;
  /** False while the task still runs; `undefined` for results that are not about a task. */
  terminal?: boolean;
  message?: string;
  nextStep?: string;
  failed: boolean;
}

export function str(f: Fields, key: string): string | undefined {
  const v = f[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function num(f: Fields, key: string): number | undefined {
  const v = f[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** TripoKit's structured errors are `{ error: { code, message, suggestion, task_id } }`. */
function unwrap(f: Fields): Fields {
  return typeof f.error === 'object' && f.error !== null && !Array.isArray(f.error) ? (f.error as Fields) : f;
}

/** Error results carry JSON (TripoKit's typed errors) or plain text. */
function errorFields(ex: ToolExchange): Fields {
  if (Object.keys(ex.output).length > 0) return unwrap(ex.output);
  if (ex.text) {
    try {
      const parsed: unknown = JSON.parse(ex.text);
      if (typeof parsed === 'object' && parsed !== null) return unwrap(parsed as Fields);
    } catch {
      // TripoKit's error text reads "Error (code): message. suggestion…": drop the machine prefix.
      // The trace id is for Tripo support, not for the chat.
      return {
        message: ex.text
          .replace(/^Error \([a-z_]+\):\s*/, '')
          .replace(/\s*Trace id: \S+$/i, '')
          .trim(),
      };
    }
  }
  return {};
}

/** Reads a tool result: task-started, task-status and error results all fit. */
export function summarize(ex: ToolExchange): ResultSummary {
  if (ex.isError || (typeof ex.output.error === 'object' && ex.output.error !== null)) {
    const f = errorFields(ex);
    return {
      taskId: str(f, 'task_id') ?? str(f, 'taskId'),
      message: str(f, 'message') ?? 'The tool call failed.',
      nextStep: str(f, 'suggestion') ?? str(f, 'next_step'),
      failed: true,
    };
  }
  const f = ex.output;
  const outcome = str(f, 'outcome') ?? str(f, 'status');
  // A status result carries core's interpretation (`terminal`); a task-started one only its status, `queued`.
  const terminal =
    typeof f.terminal === 'boolean'
      ? f.terminal
      : outcome === undefined
        ? undefined
        : TERMINAL_STATUSES.has(outcome as TaskStatus);
  return {
    taskId: str(f, 'task_id'),
    outcome,
    terminal,
    message: str(f, 'message') ?? ex.text,
    nextStep: str(f, 'next_step'),
    failed: terminal === true && outcome !== 'success',
  };
}
