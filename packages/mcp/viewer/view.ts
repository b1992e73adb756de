import type { Job, JobKind, KnownModel, ViewerController, ViewerState } from './controller.js';
import type { TaskSnapshot } from './tool-result.js';

/** The `<model-viewer>` properties the page uses. */
interface ModelViewerElement extends HTMLElement {
  src: string | null;
}

type Facts = typeof __TRIPOKIT_VIEWER__;

const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  queued: 'Queued',
  running: 'Running',
  success: 'Done',
  failed: 'Failed',
  banned: 'Blocked',
  expired: 'Expired',
  cancelled: 'Cancelled',
  unknown: 'Unknown',
};

const JOB_LABELS: Readonly<Record<JobKind, string>> = {
  lowpoly: 'Low-poly',
  convert: 'Convert',
  animate: 'Rig & animate',
};

function required<T extends Element>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`viewer page lacks ${selector}`);
  return found;
}

function statusLabel(state: ViewerState): string {
  const task = state.task;
  switch (state.phase) {
    case 'waiting':
      return 'Waiting';
    case 'starting':
      return 'Starting';
    case 'following':
      if (task?.outcome === 'queued') return 'Queued';
      return task ? `Running ${task.progress}%` : 'Running';
    case 'saving':
      return 'Saving';
    case 'ready':
      return 'Ready';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return task?.terminal ? (OUTCOME_LABELS[task.outcome] ?? 'Failed') : 'Failed';
  }
}

function taskDetails(task: TaskSnapshot): string {
  const parts = [task.message];
  if (!task.terminal && task.queuePosition !== undefined) parts.push(`#${task.queuePosition} in queue.`);
  if (!task.terminal && task.etaSeconds !== undefined)
    parts.push(`About ${Math.round(task.etaSeconds)} s left.`);
  return parts.filter(Boolean).join(' ');
}

function messageOf(state: ViewerState): string {
  if (state.failure && (state.phase === 'failed' || state.phase === 'cancelled'))
    return state.failure.message;
  if (state.phase === 'starting') return 'Tripo is working on it; a model usually takes 1–5 minutes.';
  if (state.phase === 'saving') return 'Done; saving the model.';
  return state.task ? taskDetails(state.task) : '';
}

function stageNote(state: ViewerState, shown: KnownModel | undefined): string | undefined {
  if (shown?.bytes) return undefined;
  const original = state.models.find((m) => m.key === 'original');
  if (original?.problem) return original.problem;
  switch (state.phase) {
    case 'waiting':
      return 'Waiting for the tool call…';
    case 'starting':
    case 'following':
      return 'The model appears here when it is ready.';
    case 'saving':
      return 'Loading the model…';
    default:
      return 'No model to show.';
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function setProgress(bar: HTMLElement, value: number | undefined, visible: boolean): void {
  bar.hidden = !visible;
  bar.classList.toggle('indeterminate', value === undefined);
  const fill = bar.firstElementChild as HTMLElement | null;
  if (value === undefined) {
    bar.removeAttribute('aria-valuenow');
    if (fill) fill.style.width = '';
  } else {
    const pct = Math.max(0, Math.min(100, Math.round(value)));
    bar.setAttribute('aria-valuenow', `${pct}`);
    if (fill) fill.style.width = `${pct}%`;
  }
}

function setText(el: HTMLElement, text: string | undefined): void {
  el.hidden = !text;
  el.textContent = text ?? '';
}

function jobItem(kind: JobKind, job: Job): HTMLLIElement {
  const item = document.createElement('li');
  item.dataset.job = kind;
  item.dataset.phase = job.phase;
  const head = document.createElement('p');
  const name = document.createElement('strong');
  name.textContent = JOB_LABELS[kind];
  const state = job.phase === 'working' ? (job.step ?? 'Working') : job.phase === 'done' ? 'Done' : 'Failed';
  head.append(name, ` · ${state}`);
  if (job.phase === 'working' && job.progress !== undefined) head.append(` ${Math.round(job.progress)}%`);
  item.append(head);
  if (job.phase === 'working') {
    const bar = document.createElement('div');
    bar.className = 'progress small';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-label', `${JOB_LABELS[kind]} progress`);
    bar.append(document.createElement('div'));
    (bar.firstElementChild as HTMLElement).className = 'progress-fill';
    setProgress(bar, job.progress, true);
    item.append(bar);
  }
  for (const [text, className] of [
    [job.message, 'job-message'],
    [job.advice ? `What to do: ${job.advice}` : undefined, 'advice'],
    [job.taskIds.length > 0 ? `Task ${job.taskIds.join(' → ')}` : undefined, 'job-tasks'],
  ] as const) {
    if (!text) continue;
    const p = document.createElement('p');
    p.className = className;
    p.textContent = text;
    item.append(p);
  }
  return item;
}

/**
 * Draws the controller's state into the page and wires the buttons to it. The page's markup is static
 * (`index.html`); this only sets text, attributes and the viewer's `src`.
 */
export function mountView(doc: Document, controller: ViewerController, facts: Facts): void {
  const main = required<HTMLElement>(doc, 'main.viewer');
  const title = required<HTMLElement>(main, '[data-testid=title]');
  const badge = required<HTMLElement>(main, '[data-testid=status]');
  const viewer = required<ModelViewerElement>(main, 'model-viewer');
  const note = required<HTMLElement>(main, '[data-testid=stage-note]');
  const progress = required<HTMLElement>(main, '.progress');
  const message = required<HTMLElement>(main, '[data-testid=message]');
  const advice = required<HTMLElement>(main, '[data-testid=advice]');
  const file = required<HTMLElement>(main, '[data-testid=file]');
  const models = required<HTMLElement>(main, '[data-testid=models]');
  const jobs = required<HTMLElement>(main, '[data-testid=jobs]');
  const actions = required<HTMLElement>(main, '.actions');
  const button = (action: string) => required<HTMLButtonElement>(actions, `[data-action=${action}]`);
  const format = required<HTMLSelectElement>(actions, '[data-input=format]');
  const animation = required<HTMLSelectElement>(actions, '[data-input=animation]');

  format.append(...facts.convertFormats.map((f) => new Option(f, f, f === 'FBX', f === 'FBX')));
  animation.append(
    ...facts.animations.map(
      (a) => new Option(a.replace(/^preset:/, ''), a, a === 'preset:walk', a === 'preset:walk'),
    ),
  );
  const labels: Record<JobKind, string> = {
    lowpoly: `Low-poly · ${facts.credits.lowpoly} credits`,
    convert: `Convert · ${facts.credits.convert} credits`,
    animate: `Rig & animate · ${facts.credits.animate} credits`,
  };
  for (const kind of ['lowpoly', 'convert', 'animate'] as const) button(kind).textContent = labels[kind];

  button('refresh').addEventListener('click', () => void controller.refresh());
  button('lowpoly').addEventListener('click', () => void controller.makeLowPoly());
  button('convert').addEventListener('click', () => void controller.convert(format.value));
  button('animate').addEventListener('click', () => void controller.animate(animation.value));
  models.addEventListener('click', (event) => {
    const key = (event.target as HTMLElement).closest<HTMLElement>('[data-model]')?.dataset.model;
    if (key) controller.show(key as KnownModel['key']);
  });

  const urls = new Map<string, string>();
  const urlOf = (model: KnownModel & { bytes: Uint8Array }): string => {
    const id = `${model.key}:${model.taskId}`;
    let url = urls.get(id);
    if (url === undefined) {
      url = URL.createObjectURL(
        new Blob([model.bytes as Uint8Array<ArrayBuffer>], { type: 'model/gltf-binary' }),
      );
      urls.set(id, url);
    }
    return url;
  };

  // model-viewer reports a model it cannot display with an `error` event; the stage then says so.
  let failedSrc: string | null = null;
  viewer.addEventListener('error', () => {
    failedSrc = viewer.src;
    render(controller.state);
  });

  const render = (state: ViewerState): void => {
    main.dataset.phase = state.phase;
    title.textContent = state.subject ?? (state.task ? `Task ${state.task.taskId}` : '3D model');
    badge.textContent = statusLabel(state);
    badge.dataset.outcome = state.task?.outcome ?? state.phase;

    const shown = state.models.find((m) => m.key === state.shown);
    if (shown?.bytes) {
      const src = urlOf({ ...shown, bytes: shown.bytes });
      if (viewer.src !== src) viewer.src = src;
      viewer.setAttribute('alt', `${shown.label} model, task ${shown.taskId}`);
    }
    viewer.hidden = !shown?.bytes;
    const broken = shown?.bytes !== undefined && failedSrc !== null && viewer.src === failedSrc;
    setText(
      note,
      broken
        ? `The viewer could not display this model. It is saved at ${shown?.file.path}.`
        : stageNote(state, shown),
    );

    const running = state.phase === 'starting' || state.phase === 'following' || state.phase === 'saving';
    const value =
      state.phase === 'starting' ? undefined : state.phase === 'saving' ? 100 : state.task?.progress;
    setProgress(progress, value, running);

    setText(message, messageOf(state));
    const failureAdvice =
      state.phase === 'failed' || state.phase === 'cancelled' ? state.failure?.advice : undefined;
    setText(advice, failureAdvice ? `What to do: ${failureAdvice}` : undefined);
    const current = shown ?? state.models.find((m) => m.key === 'original');
    setText(
      file,
      current
        ? `Saved at ${current.file.path} · ${formatBytes(current.file.sizeBytes)} · ${current.file.format.toUpperCase()}`
        : undefined,
    );

    const showable = state.models.filter((m) => m.bytes);
    models.hidden = showable.length < 2;
    models.replaceChildren(
      ...showable.map((m) => {
        const chip = doc.createElement('button');
        chip.type = 'button';
        chip.dataset.model = m.key;
        chip.textContent = m.label;
        chip.setAttribute('aria-pressed', `${m.key === state.shown}`);
        return chip;
      }),
    );

    const canAct = controller.baseTaskId !== undefined;
    const refreshable = state.task?.taskId ?? state.failure?.taskId;
    actions.hidden = !canAct && refreshable === undefined;
    button('refresh').disabled = state.refreshing;
    for (const kind of ['lowpoly', 'convert', 'animate'] as const) {
      const job = state.jobs[kind];
      const control = button(kind);
      if (kind !== 'convert')
        control.textContent = job.phase === 'done' ? `${JOB_LABELS[kind]} ✓` : labels[kind];
      control.hidden = !canAct;
      control.disabled = job.phase === 'working' || (job.phase === 'done' && kind !== 'convert');
      control.closest('.group')?.toggleAttribute('hidden', !canAct);
    }
    jobs.replaceChildren(
      ...(Object.entries(state.jobs) as [JobKind, Job][])
        .filter(([, job]) => job.phase !== 'idle')
        .map(([kind, job]) => jobItem(kind, job)),
    );
  };

  controller.subscribe(render);
  render(controller.state);
}
