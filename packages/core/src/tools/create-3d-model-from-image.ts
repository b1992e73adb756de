import { ImageToModelRequest, modelGenerationRules } from '../client/requests/index.js';
import { withAdvancedOptions } from './advanced-options.js';
import { generationCostText } from './cost-text.js';
import { dialectTool, generationVersion } from './dialect.js';
import { ImageReference, resolveFileReference } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

/** `create_3d_model_from_image`: starts an image-to-3D task and returns its id at once. */
export const create3dModelFromImageTool = dialectTool((dialect) =>
  defineTaskTool({
    name: 'create_3d_model_from_image',
    title: 'Image to 3D model',
    description: `Starts an image-to-3D task (1–5 min) and returns its task_id; generate_3d_model also waits and saves. ${generationCostText('image')} Then wait_for_task.`,
    input: withAdvancedOptions({
      ...ImageToModelRequest.omit({ type: true, file: true }).shape,
      model_version: generationVersion(dialect),
      image: ImageReference,
    }).superRefine(modelGenerationRules),
    request: async ({ image, ...params }, context) => ({
      type: 'image_to_model',
      file: await resolveFileReference(image, context, { kind: 'image', field: 'image' }),
      ...params,
    }),
    summary: (params) => params.image,
  }),
);
