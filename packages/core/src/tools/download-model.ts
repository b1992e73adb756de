import { z } from 'zod';
import { TaskId } from '../client/requests/index.js';
import { TripoError } from '../errors.js';
import { joinSentences } from '../text.js';
import { defineTool } from './define.js';
import { downloadedFileOutput, formatBytes, OutputName, saveTaskFile } from './downloaded-file.js';
import { detail } from './json-schema.js';

const input = z.strictObject({
  task_id: TaskId,
  output: OutputName.optional(),
  filename: z
    .string()
    .min(1)
    .max(150)
    .optional()
    .describe('File name (no folders) instead of <task_id>_<output>.<ext>; extension added if missing.'),
  overwrite: z
    .boolean()
    .optional()
    .describe('Replace a different file of that name (default: keep it, save as name-2.glb).'),
});

// The agent knows the task id and the text says the message: path and next step are what it reads.
const output = downloadedFileOutput.extend({
  task_id: detail(z.string()),
  message: detail(z.string()),
  next_step: z.string(),
});

/** A download that failed because the task is not done yet: point at wait_for_task. */
function withWaitHint(error: unknown, taskId: string): unknown {
  if (
    !(error instanceof TripoError) ||
    error.code !== 'download' ||
    !error.retryable ||
    error.httpStatus !== undefined
  ) {
    return error;
  }
  return error.with({
    taskId,
    suggestion: `${error.suggestion ?? 'Try again shortly.'} If the task is still running, call wait_for_task with task_id ${taskId} first, then download_model again.`,
  });
}

/** `download_model`: saves a task's model (or image) into the output folder. */
export const downloadModelTool = defineTool({
  name: 'download_model',
  title: 'Download a model',
  description:
    "Saves a successful task's file into the output folder and returns its path. Fetches fresh links itself: use it rather than model_url. Free. Calling again returns the file already saved.",
  input,
  output,
  annotations: { readOnly: false, idempotent: true, spendsCredits: false, openWorld: true },
  async execute({ task_id, output: which, filename, overwrite }, context) {
    const { file, saved } = await saveTaskFile(context, task_id, {
      output: which,
      filename,
      overwrite,
    }).catch((error: unknown) => {
      throw withWaitHint(error, task_id);
    });
    const message = `Saved task ${task_id}'s ${file.output} as ${file.format.toUpperCase()} (${formatBytes(file.size_bytes)}) to ${file.path}.`;
    const next_step = 'Open or share the file at this path; the sha256 lets you verify it.';
    return {
      text: joinSentences([message, next_step]),
      structured: { task_id, ...file, message, next_step },
      files: [saved],
    };
  },
});
