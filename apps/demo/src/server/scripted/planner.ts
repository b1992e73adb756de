import { asFields, type Fields, type ToolExchange } from './conversation.js';
import type { Intent } from './intents.js';
import * as say from './replies.js';
import { type ResultSummary, str, summarize } from './results.js';

/** The scripted agent's next move: call a tool, or answer in prose (which ends the turn). */
export type Action =
  | { type: 'call'; toolName: string; input: Fields; preface?: string }
  | { type: 'reply'; text: string };

/** Task types whose success is a model that can be changed further. */
const MODEL_TASK_TYPES = new Set([
  'text_to_model',
  'image_to_model',
  'multiview_to_model',
  'highpoly_to_lowpoly',
  'animate_rig',
  'animate_retarget',
  'texture_model',
  'refine_model',
  'stylize_model',
  'import_model',
]);

/** The rigging model that handles every skeleton type (the API's default rigs bipeds only). */
const RIG_MODEL_VERSION = 'v2.5-20260210';

/** Walking looks different on six legs: Tripo has a walk (or march) preset per skeleton type. */
const WALK_BY_RIG: Readonly<Record<string, string>> = {
  quadruped: 'preset:quadruped:walk',
  hexapod: 'preset:hexapod:walk',
  octopod: 'preset:octopod:walk',
  serpentine: 'preset:serpentine:march',
  aquatic: 'preset:aquatic:march',
};

function presetFor(animation: string, rigType: string | undefined): string {
  return animation === 'preset:walk' && rigType ? (WALK_BY_RIG[rigType] ?? animation) : animation;
}

/** How often the agent calls wait_for_task for one task before it stops and reports "still running". */
const MAX_WAITS = 4;

/** One task to run to the end: start it, wait until it ends, optionally save its file. */
interface Job {
  tool: string;
  input: (done: JobResult[]) => Fields;
  download: boolean;
  /** What it failed to do, for "Tripo couldn't …". */
  what: string;
  /** Stop after this job (with this reply) when its result says so. */
  stopIf?: (result: Fields, summary: ResultSummary) => string | undefined;
}

interface JobResult {
  taskId: string | undefined;
  /** The last status result of the task. */
  status: Fields;
}

interface History {
  /** Latest model task that succeeded, and what it is. */
  source?: { taskId: string; title: string };
  titles: Map<string, string>;
}

function readHistory(all: readonly ToolExchange[]): History {
  const titles = new Map<string, string>();
  let source: History['source'];
  for (const ex of all) {
    if (ex.isError) continue;
    const out = ex.output;
    const taskId = str(out, 'task_id');
    if (!taskId) continue;
    if (!titles.has(taskId)) {
      const prompt = str(ex.input, 'prompt');
      const from = str(ex.input, 'original_model_task_id') ?? str(ex.input, 'task_id');
      const title = prompt ?? (from ? titles.get(from) : undefined);
      if (title) titles.set(taskId, title);
    }
    const type = str(out, 'task_type');
    const outcome = str(out, 'outcome') ?? str(out, 'status');
    if (outcome === 'success' && (type === undefined || MODEL_TASK_TYPES.has(type))) {
      source = { taskId, title: titles.get(taskId) ?? 'your model' };
    }
  }
  return { source, titles };
}

function jobsFor(intent: Intent, source: History['source']): Job[] | Action {
  switch (intent.kind) {
    case 'generate':
      return [
        {
          tool: 'generate_3d_model',
          input: () => ({ prompt: intent.prompt }),
          download: true,
          what: `make ${intent.prompt}`,
        },
      ];
    case 'balance':
      return [{ tool: 'get_balance', input: () => ({}), download: false, what: 'read the balance' }];
    case 'help':
      return { type: 'reply', text: say.HELP };
    case 'greeting':
      return { type: 'reply', text: say.GREETING };
    default:
      break;
  }
  if (!source) return { type: 'reply', text: say.NO_MODEL_YET };
  const from = source.taskId;
  switch (intent.kind) {
    case 'lowpoly':
      return [
        {
          tool: 'smart_lowpoly',
          input: () => ({ original_model_task_id: from }),
          download: true,
          what: `make a low-poly version of ${source.title}`,
        },
      ];
    case 'convert':
      return [
        {
          tool: 'convert_model',
          input: () => ({ original_model_task_id: from, format: intent.format.toUpperCase() }),
          download: true,
          what: `convert ${source.title} to ${intent.format.toUpperCase()}`,
        },
      ];
    case 'animate':
      return [
        {
          tool: 'check_riggable',
          input: () => ({ original_model_task_id: from }),
          download: false,
          what: `check whether ${source.title} can be rigged`,
          stopIf: (result, summary) => (result.riggable === false ? say.notRiggable(summary) : undefined),
        },
        {
          tool: 'rig_model',
          input: (done) => {
            const rigType = str(done[0]?.status ?? {}, 'rig_type');
            return {
              original_model_task_id: from,
              model_version: RIG_MODEL_VERSION,
              ...(rigType ? { rig_type: rigType } : {}),
            };
          },
          download: false,
          what: `rig ${source.title}`,
        },
        {
          tool: 'retarget_animation',
          input: (done) => ({
            original_model_task_id: done[1]?.taskId ?? from,
            animation: presetFor(intent.animation, str(done[0]?.status ?? {}, 'rig_type')),
          }),
          download: true,
          what: `animate ${source.title}`,
        },
      ];
  }
}

function successReply(intent: Intent, results: JobResult[], history: History): string {
  const last = results.at(-1)?.status ?? {};
  const title = history.source?.title ?? 'your model';
  switch (intent.kind) {
    case 'generate':
      return say.generated(intent.prompt, last);
    case 'balance':
      return say.balance(last);
    case 'lowpoly':
      return say.lowPolyMade(title, last);
    case 'convert':
      return say.converted(title, intent.format);
    case 'animate':
      return say.animated(title, intent.animation, str(results[0]?.status ?? {}, 'rig_type'));
    default:
      return say.HELP;
  }
}

function preface(intent: Intent, index: number): string | undefined {
  if (index > 0) return undefined;
  switch (intent.kind) {
    case 'generate':
      return `On it: generating ${intent.prompt} with Tripo. This takes a little while; progress shows below.`;
    case 'lowpoly':
      return 'Sure, making a low-poly version of the last model.';
    case 'convert':
      return `Converting the last model to ${intent.format.toUpperCase()}.`;
    case 'animate':
      return 'First I check that the model can be rigged, then add a skeleton and apply the animation.';
    default:
      return undefined;
  }
}

/**
 * Decides the next move for `intent`, replaying what this turn already did: each job is started, waited for
 * (`wait_for_task`) until it ends, and its file saved (`download_model`); any failure ends the turn with the
 * interpreted advice.
 */
export function nextAction(
  intent: Intent,
  turn: readonly ToolExchange[],
  all: readonly ToolExchange[],
): Action {
  const history = readHistory(all.slice(0, all.length - turn.length));
  const plan = jobsFor(intent, history.source);
  if (!Array.isArray(plan)) return plan;

  let cursor = 0;
  const results: JobResult[] = [];
  for (const [index, job] of plan.entries()) {
    const started = turn[cursor++];
    if (!started) {
      return { type: 'call', toolName: job.tool, input: job.input(results), preface: preface(intent, index) };
    }
    let exchange = started;
    let summary = summarize(exchange);
    let waits = 0;
    while (!summary.failed && summary.terminal === false) {
      const next = turn[cursor++];
      if (!next) {
        if (waits >= MAX_WAITS) return { type: 'reply', text: say.stillRunning(summary.taskId) };
        return { type: 'call', toolName: 'wait_for_task', input: { task_id: summary.taskId ?? '' } };
      }
      waits++;
      exchange = next;
      summary = { ...summarize(next), taskId: summarize(next).taskId ?? summary.taskId };
    }
    if (summary.failed) return { type: 'reply', text: say.failed(job.what, summary) };
    const result: JobResult = { taskId: summary.taskId, status: asFields(exchange.output) };
    results.push(result);
    const stop = job.stopIf?.(result.status, summary);
    if (stop) return { type: 'reply', text: stop };
    // generate_3d_model saves the file itself when the task ends in time (`file` in its result).
    if (job.download && summary.taskId && result.status.file === undefined) {
      const saved = turn[cursor++];
      if (!saved) return { type: 'call', toolName: 'download_model', input: { task_id: summary.taskId } };
      const savedSummary = summarize(saved);
      if (savedSummary.failed)
        return { type: 'reply', text: say.failed(`save the file of ${job.what}`, savedSummary) };
    }
  }
  return { type: 'reply', text: successReply(intent, results, history) };
}
