import { type ReadResourceLike, resourceBytes, unshowableReason } from './model-file.js';
import {
  type CallFailure,
  type ReadResult,
  readResult,
  type SavedFile,
  type TaskSnapshot,
  type ToolResultLike,
} from './tool-result.js';

/**
 * What the viewer needs from its host: the MCP Apps `App` satisfies it. Everything goes through the host;
 * the page itself loads nothing from the network.
 */
export interface ViewerHost {
  callServerTool(params: { name: string; arguments?: Record<string, unknown> }): Promise<ToolResultLike>;
  readServerResource(params: { uri: string }): Promise<ReadResourceLike>;
  /** Tells the assistant what the person did in the viewer; absent when the host does not take it. */
  updateModelContext?(params: { content: { type: 'text'; text: string }[] }): Promise<unknown>;
}

/** The buttons that start paid Tripo tasks from the viewer. */
export type JobKind = 'lowpoly' | 'convert' | 'animate';

/** One button's work: the tasks it started and where it stands. */
export interface Job {
  phase: 'idle' | 'working' | 'done' | 'failed';
  /** What it is doing now, e.g. "Rigging". */
  step?: string;
  /** Every task it started, in order: none is ever lost. */
  taskIds: string[];
  progress?: number;
  message?: string;
  advice?: string;
  file?: SavedFile;
}

/** A model the viewer knows about: the tool result's own, or one a button made. */
export interface KnownModel {
  key: 'original' | 'lowpoly' | 'animated';
  label: string;
  taskId: string;
  file: SavedFile;
  /** The file's bytes, once read and found showable. */
  bytes?: Uint8Array;
  /** Why it is not shown (the host refused the file, a format without preview, …). */
  problem?: string;
}

/** Everything the page shows. */
export interface ViewerState {
  /**
   * waiting: no tool call yet. starting: the tool runs, no task id yet. following: the task runs.
   * saving: the task is done and the file is being fetched. ready: a model (or why not) is known.
   * failed: the call or the task failed. cancelled: the host cancelled the call.
   */
  phase: 'waiting' | 'starting' | 'following' | 'saving' | 'ready' | 'failed' | 'cancelled';
  /** What was asked: the prompt, the image or the task id of the tool call. */
  subject?: string;
  task?: TaskSnapshot;
  failure?: { message: string; advice?: string; taskId?: string };
  models: KnownModel[];
  /** Key of the model in the viewer. */
  shown?: KnownModel['key'];
  jobs: Record<JobKind, Job>;
  /** A refresh is in flight. */
  refreshing: boolean;
}

/** Options of {@link ViewerController}. */
export interface ViewerControllerOptions {
  /** Seconds each status poll lets the server wait for the task to finish. Default 2. */
  pollWaitSeconds?: number;
  /** Pause between polls, in ms. Default 1000. */
  pollGapMs?: number;
  /** Most polls of one task before the viewer stops and offers Refresh. Default 600 (about half an hour). */
  maxPolls?: number;
  /** How to pause; tests pass one that does not wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** The rig model that rigs more than bipeds (the API's default only rigs bipeds). */
export const RIG_MODEL_VERSION = 'v2.5-20260210';

const MODEL_FORMATS = new Set(['glb', 'gltf', 'fbx', 'obj', 'stl', 'usdz', '3mf']);

class CallError extends Error {
  constructor(readonly failure: CallFailure) {
    super(failure.message);
  }
}

class Disposed extends Error {}

function idleJob(): Job {
  return { phase: 'idle', taskIds: [] };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What a failed step tells the page: the tool's own failure, or that the host could not make the call. */
function failureOf(error: unknown): CallFailure {
  if (error instanceof CallError) return error.failure;
  return { code: 'host', message: `The host could not complete the call: ${describe(error)}` };
}

/**
 * The viewer's behaviour without the DOM: reads the tool result the host hands over, follows a running task
 * through `get_task_status`, saves a finished one with `download_model`, reads the saved file as an MCP
 * resource, and runs the buttons (low-poly, convert, rig + animate, refresh) through the host.
 */
export class ViewerController {
  #state: ViewerState = {
    phase: 'waiting',
    models: [],
    jobs: { lowpoly: idleJob(), convert: idleJob(), animate: idleJob() },
    refreshing: false,
  };
  readonly #listeners = new Set<(state: ViewerState) => void>();
  readonly #host: ViewerHost;
  readonly #pollWaitSeconds: number;
  readonly #pollGapMs: number;
  readonly #maxPolls: number;
  readonly #sleep: (ms: number) => Promise<void>;
  #following: string | undefined;
  /** Task ids by the request that started them, for the buttons. */
  readonly #started = new Map<string, string>();
  #disposed = false;

  constructor(host: ViewerHost, options: ViewerControllerOptions = {}) {
    this.#host = host;
    this.#pollWaitSeconds = options.pollWaitSeconds ?? 2;
    this.#pollGapMs = options.pollGapMs ?? 1000;
    this.#maxPolls = options.maxPolls ?? 600;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  get state(): ViewerState {
    return this.#state;
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: (state: ViewerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The model task the buttons work on: the one the tool result showed, when it is a model. */
  get baseTaskId(): string | undefined {
    const original = this.#model('original');
    return original && MODEL_FORMATS.has(original.file.format) ? original.taskId : undefined;
  }

  /** The tool call's arguments (complete or partial): the page shows what is being made. */
  toolInput(args: Record<string, unknown> | undefined): void {
    const taskId = typeof args?.task_id === 'string' ? `Task ${args.task_id}` : undefined;
    const subject = [args?.prompt, args?.image, taskId].find((v) => typeof v === 'string');
    this.#update({
      ...(typeof subject === 'string' ? { subject } : {}),
      ...(this.#state.phase === 'waiting' ? { phase: 'starting' as const } : {}),
    });
  }

  /** The host cancelled the tool call. */
  toolCancelled(reason?: string): void {
    if (this.#state.phase !== 'starting' && this.#state.phase !== 'waiting') return;
    this.#update({
      phase: 'cancelled',
      failure: {
        message: `The call was cancelled${reason ? ` (${reason})` : ''}.`,
        advice: 'A Tripo task it started goes on; ask for list_recent_tasks to find it.',
      },
    });
  }

  /** The tool call's result: shows its model, follows its task, or explains its failure. */
  async toolResult(result: ToolResultLike): Promise<void> {
    await this.#guard(() => this.#apply(readResult(result)));
  }

  /** Asks for the task's current status (the Refresh button). */
  async refresh(): Promise<void> {
    const taskId = this.#state.task?.taskId ?? this.#state.failure?.taskId ?? this.#model('original')?.taskId;
    if (taskId === undefined || this.#state.refreshing) return;
    this.#update({ refreshing: true });
    try {
      await this.#guard(async () => {
        const read = readResult(await this.#call('get_task_status', { task_id: taskId }));
        if (read.kind === 'status' && this.#model('original')) this.#update({ task: read.task });
        else await this.#apply(read);
      });
    } finally {
      this.#update({ refreshing: false });
    }
  }

  /** Makes a low-poly version of the model and shows it (the Low-poly button). */
  async makeLowPoly(): Promise<void> {
    await this.#job('lowpoly', async (base) => {
      const taskId = await this.#startTask('lowpoly', 'smart_lowpoly', { original_model_task_id: base });
      await this.#followJob('lowpoly', taskId, 'Making it low-poly');
      const file = await this.#saveJob('lowpoly', taskId);
      await this.#showFile({ key: 'lowpoly', label: 'Low-poly', taskId, file });
    });
  }

  /** Converts the model to another format and saves it (the Convert button). */
  async convert(format: string): Promise<void> {
    await this.#job('convert', async (base) => {
      const taskId = await this.#startTask('convert', 'convert_model', {
        original_model_task_id: base,
        format,
      });
      await this.#followJob('convert', taskId, `Converting to ${format}`);
      await this.#saveJob('convert', taskId);
    });
  }

  /** Rigs the model, applies one preset animation and shows the result (the Animate button). */
  async animate(animation: string): Promise<void> {
    await this.#job('animate', async (base) => {
      const rigId = await this.#startTask('animate', 'rig_model', {
        original_model_task_id: base,
        model_version: RIG_MODEL_VERSION,
      });
      await this.#followJob('animate', rigId, 'Rigging');
      const animId = await this.#startTask('animate', 'retarget_animation', {
        original_model_task_id: rigId,
        animation,
      });
      await this.#followJob('animate', animId, 'Animating');
      const file = await this.#saveJob('animate', animId);
      const name = animation.replace(/^preset:/, '').replace(/:/g, ' ');
      await this.#showFile({ key: 'animated', label: `Animated (${name})`, taskId: animId, file });
    });
  }

  /** Puts another known model in the viewer. */
  show(key: KnownModel['key']): void {
    if (this.#model(key)?.bytes) this.#update({ shown: key });
  }

  /** Stops every poll; later host answers are ignored. */
  dispose(): void {
    this.#disposed = true;
    this.#listeners.clear();
  }

  #model(key: KnownModel['key']): KnownModel | undefined {
    return this.#state.models.find((m) => m.key === key);
  }

  #update(patch: Partial<ViewerState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }

  #updateJob(kind: JobKind, patch: Partial<Job>): void {
    const jobs = { ...this.#state.jobs, [kind]: { ...this.#state.jobs[kind], ...patch } };
    this.#update({ jobs });
  }

  async #call(name: string, args: Record<string, unknown>): Promise<ToolResultLike> {
    if (this.#disposed) throw new Disposed();
    const result = await this.#host.callServerTool({ name, arguments: args });
    if (this.#disposed) throw new Disposed();
    return result;
  }

  /** Runs `work`, turning a failed call into the page's failure state. */
  async #guard(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof Disposed) return;
      const failure = failureOf(error);
      this.#update({
        phase: 'failed',
        failure: {
          message: failure.message,
          ...(failure.suggestion ? { advice: failure.suggestion } : {}),
          ...(failure.taskId ? { taskId: failure.taskId } : {}),
        },
      });
    }
  }

  async #apply(read: ReadResult): Promise<void> {
    switch (read.kind) {
      case 'failure':
        throw new CallError(read.failure);
      case 'other':
        throw new CallError({ code: 'unknown', message: read.text || 'The result holds no task.' });
      case 'started':
        return this.#followMain(read.taskId);
      case 'saved':
        return this.#showOriginal(read.taskId, read.file);
      case 'status':
        this.#update({ task: read.task });
        if (read.file) return this.#showOriginal(read.task.taskId, read.file);
        return this.#afterStatus(read.task);
    }
  }

  async #afterStatus(task: TaskSnapshot): Promise<void> {
    if (!task.terminal) return this.#followMain(task.taskId);
    if (task.outcome !== 'success') {
      this.#update({
        phase: 'failed',
        failure: {
          message: task.message,
          taskId: task.taskId,
          ...(task.nextStep ? { advice: task.nextStep } : {}),
        },
      });
      return;
    }
    this.#update({ phase: 'saving' });
    const file = await this.#save(task.taskId);
    await this.#showOriginal(task.taskId, file);
  }

  async #followMain(taskId: string): Promise<void> {
    if (this.#following === taskId) return;
    this.#following = taskId;
    this.#update({ phase: 'following' });
    try {
      const task = await this.#follow(taskId, (snapshot) => this.#update({ task: snapshot }));
      if (task) await this.#afterStatus(task);
      else this.#update({ phase: 'failed', failure: this.#stillRunning(taskId) });
    } finally {
      this.#following = undefined;
    }
  }

  #stillRunning(taskId: string): { message: string; advice: string; taskId: string } {
    return {
      message: `Task ${taskId} is still running; the viewer stopped checking.`,
      advice: 'Press Refresh to check again. The task goes on at Tripo.',
      taskId,
    };
  }

  /**
   * Polls until the task ends; `undefined` after too many polls. A task with minutes left is asked less often
   * (up to five times the gap): each poll is a round trip through the host.
   */
  async #follow(taskId: string, onSnapshot: (task: TaskSnapshot) => void): Promise<TaskSnapshot | undefined> {
    let eta: number | undefined;
    for (let poll = 0; poll < this.#maxPolls; poll++) {
      if (poll > 0) {
        const byEta = eta === undefined ? 0 : eta * 100; // a tenth of the time left, in ms
        await this.#sleep(Math.min(this.#pollGapMs * 5, Math.max(this.#pollGapMs, byEta)));
      }
      const read = readResult(
        await this.#call('get_task_status', { task_id: taskId, wait_seconds: this.#pollWaitSeconds }),
      );
      if (read.kind === 'failure') throw new CallError(read.failure);
      if (read.kind !== 'status')
        throw new CallError({ code: 'unknown', message: 'get_task_status said nothing.' });
      onSnapshot(read.task);
      if (read.task.terminal) return read.task;
      eta = read.task.etaSeconds;
    }
    return undefined;
  }

  async #save(taskId: string): Promise<SavedFile> {
    const read = readResult(await this.#call('download_model', { task_id: taskId }));
    if (read.kind === 'failure') throw new CallError(read.failure);
    if (read.kind !== 'saved')
      throw new CallError({ code: 'unknown', message: 'download_model saved nothing.' });
    return read.file;
  }

  async #showOriginal(taskId: string, file: SavedFile): Promise<void> {
    await this.#showFile({ key: 'original', label: 'Original', taskId, file });
    this.#update({ phase: 'ready' });
  }

  /** Reads a saved file through the host and shows it, or records why it cannot be shown. */
  async #showFile(model: Omit<KnownModel, 'bytes' | 'problem'>): Promise<void> {
    const known: KnownModel = { ...model, ...(await this.#readModel(model.file)) };
    const models = [...this.#state.models.filter((m) => m.key !== model.key), known];
    this.#update({ models, ...(known.bytes ? { shown: known.key } : {}) });
  }

  async #readModel(file: SavedFile): Promise<{ bytes: Uint8Array } | { problem: string }> {
    const where = `It is saved at ${file.path}.`;
    if (file.uri === undefined) {
      return { problem: `The server did not share this file as a resource. ${where}` };
    }
    let bytes: Uint8Array | undefined;
    try {
      bytes = resourceBytes(await this.#host.readServerResource({ uri: file.uri }));
    } catch (error) {
      if (this.#disposed) throw new Disposed();
      return {
        problem: `This app's host did not hand the model file to the viewer (${describe(error)}). ${where} Open it in any 3D viewer.`,
      };
    }
    if (bytes === undefined) return { problem: `The host returned no bytes for the model. ${where}` };
    const reason = unshowableReason(bytes, file.format);
    return reason === undefined ? { bytes } : { problem: `${reason} ${where}` };
  }

  /** Runs one button's work, one run at a time per button; a made model is not made again. */
  async #job(kind: JobKind, work: (baseTaskId: string) => Promise<void>): Promise<void> {
    const base = this.baseTaskId;
    const job = this.#state.jobs[kind];
    if (base === undefined || job.phase === 'working' || (job.phase === 'done' && kind !== 'convert')) return;
    this.#updateJob(kind, {
      phase: 'working',
      step: 'Starting',
      progress: undefined,
      message: undefined,
      advice: undefined,
      file: undefined,
    });
    try {
      await work(base);
      this.#updateJob(kind, { phase: 'done', step: undefined, progress: 100 });
    } catch (error) {
      if (error instanceof Disposed) return;
      const failure = failureOf(error);
      this.#updateJob(kind, {
        phase: 'failed',
        step: undefined,
        message: failure.message,
        ...(failure.suggestion ? { advice: failure.suggestion } : {}),
      });
    }
    await this.#tellAssistant();
  }

  /**
   * Starts a paid task, unless the same request already started one that has not failed: a second click,
   * or a retry after a lost connection, follows that task instead of paying for another.
   */
  async #startTask(kind: JobKind, tool: string, args: Record<string, unknown>): Promise<string> {
    const request = `${tool} ${JSON.stringify(args)}`;
    const earlier = this.#started.get(request);
    if (earlier !== undefined) return earlier;
    const read = readResult(await this.#call(tool, args));
    if (read.kind === 'failure') throw new CallError(read.failure);
    if (read.kind !== 'started')
      throw new CallError({ code: 'unknown', message: `${tool} started no task.` });
    this.#started.set(request, read.taskId);
    this.#updateJob(kind, {
      taskIds: [...this.#state.jobs[kind].taskIds, read.taskId],
      message: read.message,
    });
    await this.#tellAssistant();
    return read.taskId;
  }

  async #followJob(kind: JobKind, taskId: string, step: string): Promise<void> {
    this.#updateJob(kind, { step, progress: 0 });
    const task = await this.#follow(taskId, (t) =>
      this.#updateJob(kind, { progress: t.progress, message: t.message }),
    );
    if (task === undefined)
      throw new CallError({
        code: 'timeout',
        ...this.#stillRunning(taskId),
        suggestion: `Ask for wait_for_task with task_id ${taskId}.`,
      });
    if (task.outcome !== 'success') {
      // A task that ended without success is not charged; the next click may start a fresh one.
      for (const [request, id] of this.#started) if (id === taskId) this.#started.delete(request);
      throw new CallError({
        code: task.outcome,
        message: task.message,
        ...(task.nextStep ? { suggestion: task.nextStep } : {}),
        taskId,
      });
    }
  }

  async #saveJob(kind: JobKind, taskId: string): Promise<SavedFile> {
    this.#updateJob(kind, { step: 'Saving', progress: 100 });
    const file = await this.#save(taskId);
    this.#updateJob(kind, { file, message: `Saved at ${file.path}.` });
    return file;
  }

  /** Tells the assistant about tasks started from the viewer, so their ids are never lost to it. */
  async #tellAssistant(): Promise<void> {
    if (!this.#host.updateModelContext) return;
    const lines = (Object.entries(this.#state.jobs) as [JobKind, Job][])
      .filter(([, job]) => job.taskIds.length > 0)
      .map(([kind, job]) => {
        const outcome = job.file
          ? `saved at ${job.file.path}`
          : job.phase === 'failed'
            ? `failed: ${job.message}`
            : 'running';
        return `- ${kind}: task ${job.taskIds.join(' then ')} (${outcome})`;
      });
    if (lines.length === 0) return;
    const text = `From the TripoKit 3D viewer, the person started these Tripo tasks on model task ${this.baseTaskId}:\n${lines.join('\n')}`;
    await this.#host.updateModelContext({ content: [{ type: 'text', text }] }).catch(() => undefined);
  }
}
