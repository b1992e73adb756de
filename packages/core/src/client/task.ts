/** Every status a normalised {@link Task} can have. A status string nobody knows yet maps to `unknown`. */
export const TASK_STATUSES = [
  'queued',
  'running',
  'success',
  'failed',
  'banned',
  'expired',
  'cancelled',
  'unknown',
] as const;

/** A task's normalised status; the API's own string is kept in {@link Task.rawStatus}. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses after which a task never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set([
  'success',
  'failed',
  'banned',
  'expired',
  'cancelled',
]);

/** The four views of a multiview image task, as URLs. */
export interface MultiviewImages {
  front?: string;
  left?: string;
  back?: string;
  right?: string;
}

/** What a task produced: whichever of these the task type makes. URLs expire; re-query for fresh ones. */
export interface TaskOutput {
  /** The main model (GLB by default; other formats for conversions, FBX for quad). */
  model?: string;
  /** The untextured base model. */
  baseModel?: string;
  /** The PBR-textured model. */
  pbrModel?: string;
  /** A preview render of the model. */
  renderedImage?: string;
  /** The image of an image task (or the intermediate image of text_to_model). */
  generatedImage?: string;
  /** The four views of a multiview image task. */
  multiviewImages?: MultiviewImages;
  /** Several models, e.g. one per animation of a multi-animation retarget (v3). */
  modelUrls?: string[];
  /** Pre-rig check: whether the model can be rigged. */
  riggable?: boolean;
  /** Pre-rig check: the detected rig type (biped, quadruped, …). */
  rigType?: string;
}

/** A Tripo task, normalised to the same shape from both API dialects. */
export interface Task {
  /** Exactly as Tripo sent it: a bare UUID or a `task_…` id, never rewritten. */
  taskId: string;
  /** Tripo's task type name, e.g. `text_to_model` (v2 names, also on v3). */
  type: string;
  status: TaskStatus;
  /** The status string exactly as the API sent it. */
  rawStatus: string;
  /** 0–100. */
  progress: number;
  output: TaskOutput;
  errorCode?: number;
  errorMessage?: string;
  /** Estimated seconds left, when the API gives one. */
  etaSeconds?: number;
  /** Position in the queue, when queued and the API gives one. */
  queuePosition?: number;
  creditsConsumed?: number;
  /** ISO-8601 time of creation. */
  createdAt?: string;
}
