import { ImageToModelRequest, modelGenerationRules } from '../client/requests/index.js';
import { generationCostText } from './cost-text.js';
import { ImageReference, resolveFileReference } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

const input = ImageToModelRequest.omit({ type: true, file: true })
  .extend({ image: ImageReference })
  .superRefine(modelGenerationRules);

/** `create_3d_model_from_image`: starts an image-to-3D task and returns its id at once. */
export const create3dModelFromImageTool = defineTaskTool({
  name: 'create_3d_model_from_image',
  title: 'Create 3D model from an image',
  description: `Starts a Tripo image-to-3D task and returns its task_id immediately; the model takes 1–5 minutes. image is a URL, a file_token from upload_file, or a local file inside the allowed folders (uploaded for you). Other options are Tripo's image_to_model parameters. For one call that also waits and downloads, prefer generate_3d_model. ${generationCostText('image')} Next: wait_for_task with the task_id, then download_model.`,
  input,
  request: async ({ image, ...params }, context) => ({
    type: 'image_to_model',
    file: await resolveFileReference(image, context, { kind: 'image', field: 'image' }),
    ...params,
  }),
  summary: (params) => params.image,
});
