import type { Task, TaskStatus } from '../client/task.js';
import { createRedactor } from '../redact.js';
import { taskTypeInfo } from '../task-types.js';
import { excerpt } from '../text.js';
import { adviceForCode, type FailureCause } from './causes.js';
import { pollDelayMs } from './poll-delay.js';
import { formatDuration, usableEta } from './progress.js';

/** What a task's state amounts to: one of the normalised statuses. */
export type TaskOutcome = TaskStatus;

/** What a task's state means and what to do next. Every adapter words its results through this. */
export interface TaskInterpretation {
  outcome: TaskOutcome;
  /** True when waiting longer will not change anything. */
  terminal: boolean;
  /** 0–100; 100 on success. */
  progress: number;
  /** What happened, in a sentence or two. */
  message: string;
  /** What to do next, naming actions generically ("download the model", "check the balance"). */
  nextStep: string;
  /** Whether creating the same task again may succeed. False while the task is still going. */
  retryable: boolean;
  /** Why the task did not (yet) succeed; absent for queued, running and success. */
  cause?: FailureCause;
  /** Seconds left, when Tripo gave an estimate. */
  etaSeconds?: number;
  /** For a task still going: when it is worth looking again, in ms. */
  pollAfterMs?: number;
}

/** Context {@link interpretTask} cannot read from the task itself. */
export interface InterpretOptions {
  /**
   * How long the caller has been watching the task, in ms. For an `unknown` status, count from when it
   * was first seen unknown: past {@link InterpretOptions.unknownGraceMs} the status is treated as final.
   */
  elapsedMs?: number;
  /** How long an `unknown` status is waited out before giving advice instead. Default 5 minutes. */
  unknownGraceMs?: number;
}

/** Default time an `unknown` status is treated as a hiccup before it is reported as final. */
export const UNKNOWN_STATUS_GRACE_MS = 5 * 60_000;

/** The word for what the task makes, for "download the …". */
function productNoun(task: Task): string {
  if (taskTypeInfo(task.type).family === 'model') return 'model';
  return task.type.includes('multiview') ? 'views' : 'image';
}

function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function clampProgress(progress: number): number {
  return Number.isFinite(progress) ? Math.min(100, Math.max(0, progress)) : 0;
}

function interpretQueued(task: Task): TaskInterpretation {
  const eta = usableEta(task);
  const where =
    task.queuePosition !== undefined && task.queuePosition > 0 ? ` (position ${task.queuePosition})` : '';
  return {
    outcome: 'queued',
    terminal: false,
    progress: 0,
    message: `The task is queued at Tripo${where}.`,
    nextStep: `Wait for it to start; it usually takes ${taskTypeInfo(task.type).typicalDuration}.`,
    retryable: false,
    ...(eta === undefined ? {} : { etaSeconds: eta }),
    pollAfterMs: pollDelayMs(task),
  };
}

function interpretRunning(task: Task): TaskInterpretation {
  const eta = usableEta(task);
  const progress = clampProgress(task.progress);
  const left = eta === undefined ? '' : `, about ${formatDuration(eta)} left`;
  return {
    outcome: 'running',
    terminal: false,
    progress,
    message: `The task is running: ${Math.round(progress)}% done${left}.`,
    nextStep: `Wait for it to finish, then download the ${productNoun(task)}.`,
    retryable: false,
    ...(eta === undefined ? {} : { etaSeconds: eta }),
    pollAfterMs: pollDelayMs(task),
  };
}

function availableOutputs(task: Task): string[] {
  const out = task.output;
  const items: string[] = [];
  if (out.pbrModel) items.push('PBR model');
  if (out.model)
    items.push(!out.pbrModel && taskTypeInfo(task.type).pbr ? 'model (no PBR version)' : 'model');
  if (out.baseModel) items.push('base model');
  if (out.modelUrls && out.modelUrls.length > 0) {
    items.push(out.modelUrls.length === 1 ? '1 animated model' : `${out.modelUrls.length} animated models`);
  }
  if (out.generatedImage) items.push('image');
  const views = out.multiviewImages ? Object.values(out.multiviewImages).filter(Boolean).length : 0;
  if (views > 0) items.push(views === 1 ? '1 view' : `${views} views`);
  if (out.renderedImage) items.push('preview image');
  return items;
}

function interpretRigCheck(task: Task): TaskInterpretation {
  const rigType = task.output.rigType ? ` as ${task.output.rigType}` : '';
  const riggable = task.output.riggable === true;
  return {
    outcome: 'success',
    terminal: true,
    progress: 100,
    message: riggable
      ? `The check succeeded: the model can be rigged${rigType}.`
      : 'The check succeeded: the model may not rig well.',
    nextStep: riggable
      ? `Rig the model${task.output.rigType ? ` with rig type ${task.output.rigType}` : ''}.`
      : 'Rigging may still work; try it, or use a different model.',
    retryable: false,
  };
}

function interpretSuccess(task: Task): TaskInterpretation {
  if (task.type === 'animate_prerigcheck' && task.output.riggable !== undefined)
    return interpretRigCheck(task);
  const items = availableOutputs(task);
  if (items.length === 0) {
    return {
      outcome: 'success',
      terminal: true,
      progress: 100,
      message: 'The task succeeded but listed no files yet.',
      nextStep: 'Query the task again in a moment for its outputs.',
      retryable: false,
    };
  }
  const noun = task.output.pbrModel ? 'PBR model' : productNoun(task);
  return {
    outcome: 'success',
    terminal: true,
    progress: 100,
    message: `The task succeeded: ${joinList(items)} ready.`,
    nextStep: `Download the ${noun} now; the links expire within minutes, and querying the task again gives fresh ones.`,
    retryable: false,
  };
}

function codeSuffix(task: Task): string {
  return task.errorCode === undefined ? '' : ` (code ${task.errorCode})`;
}

/** Masks key-shaped text; a client's own key is already gone from the tasks it reads. */
const maskKeys = createRedactor();

/** Tripo's own words, when they add something to ours: masked before they are cut, so no part of a key shows. */
function apiSays(task: Task): string {
  return task.errorMessage ? ` Tripo says: “${excerpt(maskKeys(task.errorMessage))}”` : '';
}

function supportAdvice(task: Task): string {
  return `contact Tripo support quoting task id ${task.taskId}`;
}

function failure(
  task: Task,
  outcome: TaskOutcome,
  cause: FailureCause,
  message: string,
  nextStep: string,
  retryable: boolean,
): TaskInterpretation {
  return {
    outcome,
    terminal: true,
    progress: clampProgress(task.progress),
    message,
    nextStep,
    retryable,
    cause,
  };
}

function interpretExpired(task: Task): TaskInterpretation {
  if (task.errorCode === 2018) {
    return failure(
      task,
      'expired',
      'model_too_complex',
      'The task expired without a result (code 2018: the model is too complex to process).',
      'Create the task again once; if it ends the same way, use a simpler model or a lower face limit.',
      true,
    );
  }
  return failure(
    task,
    'expired',
    'expired',
    `The task expired before it finished${codeSuffix(task)}.`,
    `Create the task again once; if it expires again, ${supportAdvice(task)}.`,
    true,
  );
}

function interpretFailed(task: Task): TaskInterpretation {
  const advice = adviceForCode(task.errorCode);
  if (!advice) {
    return failure(
      task,
      'failed',
      'unknown_failure',
      `The task failed${codeSuffix(task)}.${apiSays(task)}`,
      `Create the task again once; if it fails again, change the input or ${supportAdvice(task)}.`,
      true,
    );
  }
  const what = `The task failed: ${advice.what}${codeSuffix(task)}.`;
  switch (advice.cause) {
    case 'content_policy':
      return interpretBanned(task);
    case 'server_error':
      return failure(
        task,
        'failed',
        'server_error',
        what,
        `${advice.fix}; if it keeps failing, ${supportAdvice(task)}.`,
        true,
      );
    case 'insufficient_credits':
      return failure(task, 'failed', advice.cause, what, advice.fix, false);
    default:
      return failure(task, 'failed', advice.cause, `${what}${apiSays(task)}`, advice.fix, false);
  }
}

function interpretBanned(task: Task): TaskInterpretation {
  return failure(
    task,
    'banned',
    'content_policy',
    'Tripo rejected the input under its content policy.',
    'Change the prompt or image; retrying it unchanged will be rejected again.',
    false,
  );
}

function interpretUnknown(task: Task, options: InterpretOptions): TaskInterpretation {
  const novel = task.rawStatus && task.rawStatus !== 'unknown' ? ` (“${excerpt(task.rawStatus, 40)}”)` : '';
  const grace = options.unknownGraceMs ?? UNKNOWN_STATUS_GRACE_MS;
  const elapsed = options.elapsedMs;
  const progress = clampProgress(task.progress);
  if (elapsed !== undefined && elapsed >= grace) {
    return {
      outcome: 'unknown',
      terminal: true,
      progress,
      message: `Tripo has not reported a usable status for ${formatDuration(elapsed / 1000)}${novel}.`,
      nextStep: `Check the task again later; if it stays unknown, ${supportAdvice(task)}. Creating it again may charge twice.`,
      retryable: false,
      cause: 'unknown_status',
    };
  }
  return {
    outcome: 'unknown',
    terminal: false,
    progress,
    message: `Tripo cannot say what state the task is in right now${novel}.`,
    nextStep: 'Keep waiting and check again shortly; this is usually temporary.',
    retryable: false,
    cause: 'unknown_status',
    pollAfterMs: pollDelayMs(task),
  };
}

/**
 * Reads a task: its outcome, whether it is final, and advice specific to the status and error code.
 * Pure; `elapsedMs` only matters for an `unknown` status, which stays non-terminal for a bounded time.
 */
export function interpretTask(task: Task, options: InterpretOptions = {}): TaskInterpretation {
  switch (task.status) {
    case 'queued':
      return interpretQueued(task);
    case 'running':
      return interpretRunning(task);
    case 'success':
      return interpretSuccess(task);
    case 'failed':
      return interpretFailed(task);
    case 'banned':
      return interpretBanned(task);
    case 'expired':
      return interpretExpired(task);
    case 'cancelled':
      return failure(
        task,
        'cancelled',
        'cancelled',
        'The task was cancelled.',
        'Create the task again if you still need the result.',
        true,
      );
    case 'unknown':
      return interpretUnknown(task, options);
  }
}
