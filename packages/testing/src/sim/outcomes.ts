import type { TaskType } from './task-types.js';

/** How a task ends. Scripted per task id, per task type, or by a keyword in the prompt. */
export type Outcome =
  | { status: 'success' }
  /** Ends `failed` with `error_code` (default 1001). */
  | { status: 'failed'; errorCode?: number; errorMessage?: string }
  /** Content policy: v2 `banned` (right after the queue), v3 `failed` + 2008. */
  | { status: 'banned' }
  /** v2 `expired`, v3 `failed` + 2018. */
  | { status: 'expired' }
  | { status: 'cancelled' }
  /** Reports `unknown` after running; for `forMs` (default: forever), then succeeds. */
  | { status: 'unknown'; forMs?: number }
  /** Reports a status string no client knows (default `moderating`) for `forMs` (default forever), then succeeds. */
  | { status: 'novel'; value?: string; forMs?: number }
  /** Stays `queued` forever. */
  | { status: 'stuck' };

/** An outcome plus optional per-task timing overrides (virtual milliseconds). */
export type ScriptedOutcome = Outcome & { queuedMs?: number; runningMs?: number };

/** Which tasks a script applies to. A bare string is a prompt keyword. */
export type ScriptMatch = string | { taskId: string } | { type: TaskType } | { keyword: string };

/** A registered script; `remove()` unregisters it. */
export interface ScriptHandle {
  /** How many tasks it has been applied to. */
  readonly uses: number;
  remove(): void;
}

/** Built-in prompt keywords (whole words, case-insensitive) and their outcomes. */
export const BUILTIN_KEYWORDS: Readonly<Record<string, ScriptedOutcome>> = {
  forbidden: { status: 'banned' },
  doomed: { status: 'failed', errorCode: 1001 },
  stale: { status: 'expired' },
  abandoned: { status: 'cancelled' },
  uncertain: { status: 'unknown', forMs: 20_000 },
  mysterious: { status: 'novel', value: 'moderating', forMs: 20_000 },
  stuck: { status: 'stuck' },
};

/** Prompt keyword that makes task creation itself fail with HTTP 400 / 2008 (content policy). */
export const REJECT_KEYWORD = 'offensive';

/** True when `text` contains `keyword` as a whole word (case-insensitive). */
export function hasKeyword(text: string, keyword: string): boolean {
  const escaped = keyword.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text.toLowerCase());
}

interface Script {
  match: Exclude<ScriptMatch, string>;
  outcome: ScriptedOutcome;
  remaining: number;
  uses: number;
}

/** Scripts registered on a simulator; later registrations win over earlier ones. */
export class ScriptBook {
  #scripts: Script[] = [];

  add(match: ScriptMatch, outcome: ScriptedOutcome, times = Infinity): ScriptHandle {
    const script: Script = {
      match: typeof match === 'string' ? { keyword: match } : match,
      outcome,
      remaining: times,
      uses: 0,
    };
    this.#scripts.push(script);
    return {
      get uses() {
        return script.uses;
      },
      remove: () => {
        this.#scripts = this.#scripts.filter((s) => s !== script);
      },
    };
  }

  /** The outcome scripted for a specific task id, if any (checked on every query). */
  forTask(taskId: string): ScriptedOutcome | undefined {
    for (let i = this.#scripts.length - 1; i >= 0; i--) {
      const s = this.#scripts[i]!;
      if ('taskId' in s.match && s.match.taskId === taskId) return s.outcome;
    }
    return undefined;
  }

  /** Outcome for a new task: a type or keyword script (consuming one use), else a built-in keyword, else success. */
  forNewTask(type: TaskType, text: string): ScriptedOutcome {
    for (let i = this.#scripts.length - 1; i >= 0; i--) {
      const s = this.#scripts[i]!;
      if (s.remaining <= 0) continue;
      const hit =
        ('type' in s.match && s.match.type === type) ||
        ('keyword' in s.match && hasKeyword(text, s.match.keyword));
      if (hit) {
        s.remaining--;
        s.uses++;
        return s.outcome;
      }
    }
    for (const [keyword, outcome] of Object.entries(BUILTIN_KEYWORDS)) {
      if (hasKeyword(text, keyword)) return outcome;
    }
    return { status: 'success' };
  }

  clear(): void {
    this.#scripts = [];
  }
}
