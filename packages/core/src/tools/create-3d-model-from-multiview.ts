import { z } from 'zod';
import {
  type FileInput,
  MULTIVIEW_VIEWS,
  MultiviewToModelRequest,
  modelGenerationRules,
  multiviewToModelRules,
} from '../client/requests/index.js';
import { generationCostText } from './cost-text.js';
import { defineTool, STARTS_TASK } from './define.js';
import { ImageReference, resolveFileReference } from './file-input.js';
import { startTaskResult, taskStartedOutput } from './task-started.js';

const input = MultiviewToModelRequest.omit({ type: true, files: true })
  .extend({
    files: z
      .array(ImageReference.nullable())
      .length(4)
      .optional()
      .describe(
        'Exactly 4 slots in the order [front, left, back, right]; null skips a view. Front is required and at least 2 views are needed. Each is a URL, a file_token, or a local path inside the allowed folders.',
      ),
  })
  .superRefine((value, ctx) => {
    modelGenerationRules(value, ctx);
    multiviewToModelRules(value, ctx);
  });

/** `create_3d_model_from_multiview`: starts a multiview-to-3D task and returns its id at once. */
export const create3dModelFromMultiviewTool = defineTool({
  name: 'create_3d_model_from_multiview',
  title: 'Create 3D model from several views',
  description: `Starts a Tripo multiview-to-3D task from 2–4 pictures of one object (files: [front, left, back, right], null for a missing view) or from original_task_id of a successful generate_multiview_image task, and returns its task_id immediately; it takes 1–5 minutes. Better geometry than one image when you have several views. ${generationCostText('image')} Next: wait_for_task with the task_id, then download_model.`,
  input,
  output: taskStartedOutput,
  annotations: STARTS_TASK,
  async execute({ files, ...params }, context) {
    let resolved: [FileInput | null, FileInput | null, FileInput | null, FileInput | null] | undefined;
    if (files !== undefined) {
      const slots = await Promise.all(
        files.map((file, index) =>
          file === null
            ? null
            : resolveFileReference(file, context, {
                kind: 'image',
                field: `files[${index}] (${MULTIVIEW_VIEWS[index]})`,
              }),
        ),
      );
      resolved = [slots[0] ?? null, slots[1] ?? null, slots[2] ?? null, slots[3] ?? null];
    }
    return startTaskResult(
      context,
      { type: 'multiview_to_model', ...params, ...(resolved ? { files: resolved } : {}) },
      {
        tool: 'create_3d_model_from_multiview',
        summary: params.original_task_id ? `views of task ${params.original_task_id}` : 'multiview images',
      },
    );
  },
});
