import { getToolName, isToolUIPart, type UIMessage } from 'ai';
import { modelFileUrl } from '../shared/api.js';

type Part = UIMessage['parts'][number];
type Fields = Record<string, unknown>;

/** How a task card is going. */
export type CardPhase = 'starting' | 'working' | 'success' | 'failure';

/** One fact a tool reported, e.g. "Available: 2,950 credits". */
export interface ToolFact {
  label: string;
  value: string;
  /** The same fact as a short phrase, for a one-line summary: "20 credits". */
  inline: string;
}

/** One tool call of a card. */
export interface CardStep {
  toolCallId: string;
  toolName: string;
  state: 'running' | 'done' | 'failed';
}

/** The finished model of a card. */
export interface CardModel {
  /** Same-origin URL of the file (the server fetches it from Tripo through the core client). */
  url: string;
  downloadUrl: string;
  /** The viewer shows GLB only; other formats get a download button. */
  viewable: boolean;
  format?: string;
  sizeBytes?: number;
}

/**
 * A card: the tool calls of one chat message that concern the same Tripo task, merged. "Start a low-poly task",
 * "wait for it" and "save its file" read as one card with live progress that ends in the model.
 */
export interface TaskCardView {
  key: string;
  /** The tool that started it; names the card. */
  toolName: string;
  /** That tool's input (the prompt, the source task, …). */
  input: Fields;
  /** Every tool call merged into the card, in order, with how it went. */
  steps: CardStep[];
  phase: CardPhase;
  /** A Tripo status (`queued`, `running`, `success`, `banned`, …) or a tool phase such as `creating`. */
  status?: string;
  progress?: number;
  message?: string;
  etaSeconds?: number;
  queuePosition?: number;
  taskId?: string;
  /** The task type Tripo reported, e.g. `highpoly_to_lowpoly`. */
  taskType?: string;
  /** What to do about a failure: the status interpretation's next step, or the error's suggestion. */
  advice?: string;
  /** TripoKit's error code when the call itself failed, e.g. `content_policy`. */
  errorCode?: string;
  model?: CardModel;
  facts: ToolFact[];
}

/** One tool call part, read. */
interface PartView {
  toolCallId: string;
  toolName: string;
  input: Fields;
  kind: 'pending' | 'progress' | 'final' | 'error';
  out: Fields;
  taskId?: string;
  errorText?: string;
}

function asFields(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

function str(f: Fields, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = f[k];
    if (typeof v === 'string' && v.trim() !== '') return v;
  }
  return undefined;
}

function num(f: Fields, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = f[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return undefined;
}

const FAILED = new Set(['failed', 'banned', 'expired', 'cancelled', 'unknown']);
const GOING = new Set(['queued', 'running', 'creating', 'downloading']);
const VIEWABLE_FORMATS = new Set(['glb']);

function readPart(part: Part): PartView | undefined {
  if (!isToolUIPart(part)) return undefined;
  const input = asFields(part.input);
  const base = { toolCallId: part.toolCallId, toolName: getToolName(part), input };
  const inputTask = str(input, 'task_id');
  if (part.state === 'output-error')
    return { ...base, kind: 'error', out: {}, taskId: inputTask, errorText: part.errorText };
  if (part.state !== 'output-available') return { ...base, kind: 'pending', out: {}, taskId: inputTask };
  const raw = asFields(part.output);
  // @tripokit/ai-sdk yields `{ type: 'progress', …event }`, then `{ type: 'result', text, result }`.
  const out = raw.type === 'result' ? asFields(raw.result) : raw;
  // Adapters may report a failed call as a result holding TripoKit's structured error.
  if (part.preliminary !== true && typeof out.error === 'object' && out.error !== null) {
    return { ...base, kind: 'error', out: {}, taskId: inputTask, errorText: JSON.stringify(out) };
  }
  return {
    ...base,
    kind: part.preliminary === true ? 'progress' : 'final',
    out,
    taskId: str(out, 'task_id', 'taskId') ?? inputTask,
  };
}

/** Tool errors arrive as text; TripoKit's may carry JSON with a message and a suggestion. */
interface ParsedError {
  message: string;
  advice?: string;
  taskId?: string;
  code?: string;
  /** The task's structured status, when the call failed because its task ended badly (`task_failed`). */
  status?: Fields;
}

function parseError(text: string | undefined): ParsedError {
  if (!text) return { message: 'The tool failed.' };
  try {
    const parsed = asFields(JSON.parse(text));
    const f = typeof parsed.error === 'object' && parsed.error !== null ? asFields(parsed.error) : parsed;
    const message = str(f, 'message');
    if (message) {
      return {
        message,
        advice: str(f, 'suggestion', 'next_step'),
        taskId: str(f, 'task_id', 'taskId'),
        code: str(f, 'code'),
        ...(typeof parsed.result === 'object' && parsed.result !== null
          ? { status: asFields(parsed.result) }
          : {}),
      };
    }
  } catch {
    // plain text
  }
  return { message: text };
}

function factsOf(out: Fields): ToolFact[] {
  const facts: ToolFact[] = [];
  const credits = (n: number): string => `${n.toLocaleString('en')} credits`;
  const balance = num(out, 'balance');
  if (balance !== undefined)
    facts.push({ label: 'Available', value: credits(balance), inline: `${credits(balance)} available` });
  const frozen = num(out, 'frozen');
  if (frozen !== undefined) {
    facts.push({ label: 'Held by running tasks', value: credits(frozen), inline: `${credits(frozen)} held` });
  }
  if (typeof out.riggable === 'boolean') {
    facts.push({
      label: 'Can be rigged',
      value: out.riggable ? 'Yes' : 'No',
      inline: out.riggable ? 'Riggable' : 'Not riggable',
    });
  }
  const rigType = str(out, 'rig_type');
  if (rigType) {
    const name = rigType.charAt(0).toUpperCase() + rigType.slice(1);
    facts.push({ label: 'Skeleton', value: name, inline: `${name} skeleton` });
  }
  const used = num(out, 'credits_consumed');
  if (used !== undefined && used > 0)
    facts.push({ label: 'Credits used', value: used.toLocaleString('en'), inline: credits(used) });
  return facts;
}

function fileOf(out: Fields): { format?: string; sizeBytes?: number } | undefined {
  const file = out.file !== undefined ? asFields(out.file) : out;
  const format = str(file, 'format');
  if (!format || str(file, 'path') === undefined) return undefined;
  return { format: format.toLowerCase(), sizeBytes: num(file, 'size_bytes') };
}

/** Merges one message's tool parts into task cards, in order of first appearance. */
export function taskCards(parts: readonly Part[]): Array<{ index: number; card: TaskCardView }> {
  const groups: Array<{ index: number; views: PartView[] }> = [];
  const byTask = new Map<string, (typeof groups)[number]>();
  parts.forEach((part, index) => {
    const view = readPart(part);
    if (!view) return;
    const key = view.taskId;
    const existing = key ? byTask.get(key) : undefined;
    if (existing) {
      existing.views.push(view);
      return;
    }
    const group = { index, views: [view] };
    groups.push(group);
    if (key) byTask.set(key, group);
  });
  return groups.map(({ index, views }) => ({ index, card: mergeViews(views) }));
}

function stepState(view: PartView): CardStep['state'] {
  if (view.kind === 'error') return 'failed';
  if (view.kind !== 'final') return 'running';
  const outcome = str(view.out, 'outcome') ?? str(view.out, 'status');
  if (outcome && FAILED.has(outcome) && view.out.terminal !== false) return 'failed';
  return 'done';
}

function mergeViews(views: PartView[]): TaskCardView {
  const first = views[0] as PartView;
  const last = views.at(-1) as PartView;
  const card: TaskCardView = {
    key: first.toolCallId,
    toolName: first.toolName,
    input: first.input,
    steps: views.map((v) => ({ toolCallId: v.toolCallId, toolName: v.toolName, state: stepState(v) })),
    phase: 'starting',
    facts: [],
  };
  for (const v of views) {
    const out = v.out;
    card.taskId = v.taskId ?? card.taskId;
    card.taskType = str(out, 'task_type') ?? card.taskType;
    const progress = num(out, 'progress');
    if (progress !== undefined && v.kind !== 'error') card.progress = progress;
    card.status = str(out, 'status') ?? card.status;
    card.message = str(out, 'message') ?? card.message;
    card.etaSeconds = num(out, 'eta_seconds', 'etaSeconds');
    card.queuePosition = num(out, 'queue_position', 'queuePosition');
  }
  for (const v of views) {
    if (v.kind === 'error') {
      const err = parseError(v.errorText);
      if (err.status !== undefined) {
        // The task ended badly: show its outcome, its own message and advice, like any task status.
        return {
          ...card,
          phase: 'failure',
          status: str(err.status, 'outcome', 'status') ?? 'error',
          message: str(err.status, 'message') ?? err.message,
          advice: str(err.status, 'next_step') ?? err.advice,
          taskId: card.taskId ?? err.taskId ?? str(err.status, 'task_id'),
          facts: factsOf(err.status),
        };
      }
      return {
        ...card,
        phase: 'failure',
        status: 'error',
        message: err.message,
        advice: err.advice,
        taskId: card.taskId ?? err.taskId,
        ...(err.code ? { errorCode: err.code } : {}),
      };
    }
    const outcome = str(v.out, 'outcome') ?? str(v.out, 'status');
    if (v.kind === 'final' && outcome && FAILED.has(outcome) && v.out.terminal !== false) {
      return {
        ...card,
        phase: 'failure',
        status: outcome,
        message: str(v.out, 'message'),
        advice: str(v.out, 'next_step'),
        facts: factsOf(v.out),
      };
    }
  }
  if (last.kind === 'pending') return { ...card, phase: views.length > 1 ? 'working' : 'starting' };
  if (last.kind === 'progress') return { ...card, phase: 'working' };

  const outcome = str(last.out, 'outcome') ?? str(last.out, 'status');
  const stillGoing =
    last.out.terminal === false ||
    (outcome !== undefined && GOING.has(outcome) && last.out.terminal !== true);
  if (stillGoing) return { ...card, phase: 'working', facts: factsOf(last.out) };

  const file = views.map((v) => fileOf(v.out)).findLast((f) => f !== undefined);
  const hasModelLink = views.some((v) => str(v.out, 'model_url', 'pbr_model_url') !== undefined);
  const facts = views.filter((v) => v.kind === 'final').flatMap((v) => factsOf(v.out));
  const unique = [...new Map(facts.map((f) => [f.label, f])).values()];
  const done: TaskCardView = { ...card, phase: 'success', progress: 100, facts: unique };
  if (card.taskId && (file || hasModelLink) && card.taskType !== 'animate_prerigcheck') {
    const format = file?.format ?? formatFromInput(first.input);
    done.model = {
      url: modelFileUrl(card.taskId),
      downloadUrl: modelFileUrl(card.taskId, { download: true }),
      viewable: format === undefined || VIEWABLE_FORMATS.has(format),
      ...(format ? { format } : {}),
      ...(file?.sizeBytes !== undefined ? { sizeBytes: file.sizeBytes } : {}),
    };
  }
  return done;
}

/** convert_model's requested format, before any file says otherwise. */
function formatFromInput(input: Fields): string | undefined {
  const format = str(input, 'format');
  return format?.toLowerCase();
}
