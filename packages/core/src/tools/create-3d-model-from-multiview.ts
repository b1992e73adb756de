import {
  MULTIVIEW_VIEWS,
  MultiviewToModelRequest,
  modelGenerationRules,
  multiviewToModelRules,
} from '../client/requests/index.js';
import { withAdvancedOptions } from './advanced-options.js';
import { generationCostText } from './cost-text.js';
import { dialectTool, generationVersion } from './dialect.js';
import { imageViewSlots, resolveViewSlots } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

/** `create_3d_model_from_multiview`: starts a multiview-to-3D task and returns its id at once. */
export const create3dModelFromMultiviewTool = dialectTool((dialect) =>
  defineTaskTool({
    name: 'create_3d_model_from_multiview',
    title: 'Views to 3D model',
    description: `Starts a 3D task from 2–4 views of one object (files) or a generate_multiview_image task (original_task_id), 1–5 min. ${generationCostText('image')} Then wait_for_task.`,
    input: withAdvancedOptions({
      ...MultiviewToModelRequest.omit({ type: true, files: true }).shape,
      model_version: generationVersion(dialect),
      files: imageViewSlots(
        'Images [front, left, back, right]: URL, file_token or path; null skips a view; front and 2 views at least.',
      ).optional(),
    }).superRefine((value, ctx) => {
      modelGenerationRules(value, ctx);
      multiviewToModelRules(value, ctx);
    }),
    request: async ({ files, ...params }, context) => {
      const resolved = files
        ? await resolveViewSlots(files, context, (i) => `files[${i}] (${MULTIVIEW_VIEWS[i]})`)
        : undefined;
      return { type: 'multiview_to_model', ...params, ...(resolved ? { files: resolved } : {}) };
    },
    summary: (params) =>
      params.original_task_id ? `views of task ${params.original_task_id}` : 'multiview images',
  }),
);
