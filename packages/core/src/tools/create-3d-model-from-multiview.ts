import {
  MULTIVIEW_VIEWS,
  MultiviewToModelRequest,
  modelGenerationRules,
  multiviewToModelRules,
} from '../client/requests/index.js';
import { generationCostText } from './cost-text.js';
import { imageViewSlots, resolveViewSlots } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

const input = MultiviewToModelRequest.omit({ type: true, files: true })
  .extend({
    files: imageViewSlots(
      'Exactly 4 slots in the order [front, left, back, right]; null skips a view. Front is required and at least 2 views are needed. Each is a URL, a file_token, or a local path inside the allowed folders.',
    ).optional(),
  })
  .superRefine((value, ctx) => {
    modelGenerationRules(value, ctx);
    multiviewToModelRules(value, ctx);
  });

/** `create_3d_model_from_multiview`: starts a multiview-to-3D task and returns its id at once. */
export const create3dModelFromMultiviewTool = defineTaskTool({
  name: 'create_3d_model_from_multiview',
  title: 'Create 3D model from several views',
  description: `Starts a Tripo multiview-to-3D task from 2–4 pictures of one object (files: [front, left, back, right], null for a missing view) or from original_task_id of a successful generate_multiview_image task, and returns its task_id immediately; it takes 1–5 minutes. Better geometry than one image when you have several views. ${generationCostText('image')} Next: wait_for_task with the task_id, then download_model.`,
  input,
  request: async ({ files, ...params }, context) => {
    const resolved = files
      ? await resolveViewSlots(files, context, (i) => `files[${i}] (${MULTIVIEW_VIEWS[i]})`)
      : undefined;
    return { type: 'multiview_to_model', ...params, ...(resolved ? { files: resolved } : {}) };
  },
  summary: (params) =>
    params.original_task_id ? `views of task ${params.original_task_id}` : 'multiview images',
});
