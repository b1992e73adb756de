import type { Task } from '../client/task.js';
import { TripoError } from '../errors.js';

/** The four views of a multiview image task, as output names. */
export const MULTIVIEW_OUTPUTS = ['front_view', 'left_view', 'back_view', 'right_view'] as const;

/** Fixed output names, in the order a default download prefers them. */
export const TASK_OUTPUT_NAMES = [
  'pbr_model',
  'model',
  'base_model',
  'generated_image',
  'rendered_image',
  ...MULTIVIEW_OUTPUTS,
] as const;

/**
 * Which file of a task to download: a fixed name, or `model_<n>` for the n-th (0-based) of several
 * models, e.g. one per animation of a multi-animation retarget.
 */
export type TaskOutputName = (typeof TASK_OUTPUT_NAMES)[number] | `model_${number}`;

/** One downloadable file of a task. */
export interface TaskOutputFile {
  output: TaskOutputName;
  url: string;
}

/**
 * Every file a task offers, best first: PBR model, model, base model, the numbered models, then images.
 * URLs expire within minutes; list them from a freshly queried task.
 */
export function listTaskOutputs(task: Task): TaskOutputFile[] {
  const out = task.output;
  const files: TaskOutputFile[] = [];
  const add = (output: TaskOutputName, url: string | undefined): void => {
    if (url) files.push({ output, url });
  };
  add('pbr_model', out.pbrModel);
  add('model', out.model);
  add('base_model', out.baseModel);
  out.modelUrls?.forEach((url, index) => {
    add(`model_${index}`, url);
  });
  add('generated_image', out.generatedImage);
  add('rendered_image', out.renderedImage);
  add('front_view', out.multiviewImages?.front);
  add('left_view', out.multiviewImages?.left);
  add('back_view', out.multiviewImages?.back);
  add('right_view', out.multiviewImages?.right);
  return files;
}

/**
 * The file to download: the one named, or by default the best model (PBR, else plain, else base),
 * else an image. Throws `TripoError('invalid_request')` naming what the task does offer.
 */
export function selectTaskOutput(task: Task, output?: TaskOutputName): TaskOutputFile {
  const files = listTaskOutputs(task);
  const chosen = output === undefined ? files[0] : files.find((file) => file.output === output);
  if (chosen) return chosen;
  const offered = files.map((file) => file.output).join(', ');
  if (output === undefined) {
    throw new TripoError('download', `Task ${task.taskId} succeeded but lists no files to download.`, {
      taskId: task.taskId,
      retryable: true,
      suggestion: 'Query the task again in a moment, then download.',
    });
  }
  throw new TripoError('invalid_request', `Task ${task.taskId} has no "${output}" output.`, {
    taskId: task.taskId,
    field: 'output',
    suggestion: offered ? `Choose one of: ${offered}.` : 'The task lists no files at all.',
  });
}
