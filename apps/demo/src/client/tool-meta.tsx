import type { ReactElement } from 'react';
import {
  BoneIcon,
  CheckShieldIcon,
  CoinsIcon,
  ConvertIcon,
  DownloadIcon,
  type IconProps,
  LowPolyIcon,
  SearchIcon,
  SparklesIcon,
  WalkIcon,
  WrenchIcon,
} from './components/icons.js';
import type { TaskCardView } from './tool-view.js';

/** How a tool is named and drawn on its card. */
export interface ToolMeta {
  /** While it runs, e.g. "Generating 3D model". */
  active: string;
  /** Once it is done, e.g. "3D model ready". */
  done: string;
  /** What its model is, in the gallery: "Original", "Low-poly", … */
  kind: string;
  Icon: (props: IconProps) => ReactElement;
}

const META: Record<string, ToolMeta> = {
  generate_3d_model: {
    active: 'Generating 3D model',
    done: '3D model ready',
    kind: 'Original',
    Icon: SparklesIcon,
  },
  smart_lowpoly: {
    active: 'Making a low-poly version',
    done: 'Low-poly model ready',
    kind: 'Low-poly',
    Icon: LowPolyIcon,
  },
  convert_model: {
    active: 'Converting the model',
    done: 'Converted model ready',
    kind: 'Converted',
    Icon: ConvertIcon,
  },
  check_riggable: {
    active: 'Checking the model can be rigged',
    done: 'Rig check complete',
    kind: 'Checked',
    Icon: CheckShieldIcon,
  },
  rig_model: { active: 'Adding a skeleton', done: 'Rigged model ready', kind: 'Rigged', Icon: BoneIcon },
  retarget_animation: {
    active: 'Applying the animation',
    done: 'Animated model ready',
    kind: 'Animated',
    Icon: WalkIcon,
  },
  get_balance: { active: 'Checking credits', done: 'Credit balance', kind: 'Balance', Icon: CoinsIcon },
  get_task_status: { active: 'Checking the task', done: 'Task status', kind: 'Model', Icon: SearchIcon },
  wait_for_task: { active: 'Waiting for the task', done: 'Task finished', kind: 'Model', Icon: SearchIcon },
  download_model: { active: 'Downloading the model', done: 'Model saved', kind: 'Model', Icon: DownloadIcon },
};

function humanize(toolName: string): string {
  const words = toolName.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The name and icon of a tool; unknown tools get a readable name and a generic icon. */
export function toolMeta(toolName: string): ToolMeta {
  return (
    META[toolName] ?? {
      active: humanize(toolName),
      done: humanize(toolName),
      kind: 'Model',
      Icon: WrenchIcon,
    }
  );
}

/** The one line under a card's title: what the tool was asked to do. */
export function toolSubject(
  view: TaskCardView,
  titles: ReadonlyMap<string, string> = new Map(),
): string | undefined {
  const input = view.input;
  const prompt = input.prompt;
  if (typeof prompt === 'string' && prompt.trim() !== '') return `“${prompt.trim()}”`;
  const parts: string[] = [];
  const format = input.format ?? input.output_format;
  if (typeof format === 'string') parts.push(`to ${format.toUpperCase()}`);
  const animation = input.animation ?? input.animations;
  if (typeof animation === 'string') parts.push(animationName(animation));
  if (Array.isArray(animation))
    parts.push(
      animation
        .filter((a) => typeof a === 'string')
        .map(animationName)
        .join(', '),
    );
  const faces = input.face_limit;
  if (typeof faces === 'number') parts.push(`up to ${faces.toLocaleString('en')} faces`);
  const source = input.original_model_task_id ?? input.task_id;
  if (typeof source === 'string') {
    const title = titles.get(source);
    parts.unshift(title ? `of “${title}”` : `from task ${shortId(source)}`);
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function animationName(animation: string): string {
  const name = animation.replace(/^preset:/, '').replace(/[_:-]+/g, ' ');
  return `“${name}”`;
}

/** Task ids are long; the card shows their tail. */
export function shortId(taskId: string): string {
  return taskId.length > 14 ? `…${taskId.slice(-10)}` : taskId;
}

/** The card's headline: what it is doing, or what it made. */
export function cardTitle(card: TaskCardView): string {
  const meta = toolMeta(card.toolName);
  return card.phase === 'success' ? meta.done : meta.active;
}

/** "1.2 MB", "830 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** "about 45 s", "about 2 min". */
export function formatEta(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 90) return `about ${Math.round(seconds)} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

const STATUS_LABELS: Record<string, string> = {
  queued: 'Queued',
  running: 'Running',
  success: 'Done',
  failed: 'Failed',
  banned: 'Blocked',
  expired: 'Expired',
  cancelled: 'Cancelled',
  unknown: 'Unclear',
  error: 'Error',
  creating: 'Starting',
  downloading: 'Downloading',
};

/** A short label for a status chip. */
export function statusLabel(view: TaskCardView): string {
  if (view.phase === 'starting') return 'Starting';
  if (view.phase === 'success') return 'Done';
  if (view.errorCode && ERROR_CHIPS[view.errorCode]) return ERROR_CHIPS[view.errorCode] as string;
  if (view.status && STATUS_LABELS[view.status]) return STATUS_LABELS[view.status] as string;
  if (view.phase === 'failure') return 'Failed';
  return view.status ? humanize(view.status) : 'Working';
}

const ERROR_TITLES: Record<string, string> = {
  content_policy: 'Blocked by the content policy',
  insufficient_credits: 'Not enough credits',
  auth: 'The API key was refused',
  rate_limited: 'Tripo is busy right now',
  network: 'Tripo could not be reached',
  timeout: 'Tripo took too long to answer',
  outcome_unknown: 'Unclear whether the task started',
  invalid_request: 'Tripo refused the request',
  not_found: 'Task not found',
  download: 'The file could not be downloaded',
  aborted: 'Stopped',
};

const ERROR_CHIPS: Record<string, string> = {
  content_policy: 'Blocked',
  insufficient_credits: 'No credits',
  rate_limited: 'Busy',
  aborted: 'Stopped',
};

/** A headline for a failure card, from the outcome or the error code. */
export function failureTitle(view: TaskCardView): string {
  if (view.errorCode && ERROR_TITLES[view.errorCode]) return ERROR_TITLES[view.errorCode] as string;
  switch (view.status) {
    case 'banned':
      return 'Blocked by the content policy';
    case 'failed':
      return 'Tripo could not finish this';
    case 'expired':
      return 'The task expired';
    case 'cancelled':
      return 'The task was cancelled';
    case 'unknown':
      return 'The outcome is unclear';
    default:
      return 'This step failed';
  }
}
