import { GenerateMultiviewImageRequest } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { ImageReference, resolveFileReference } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

const input = GenerateMultiviewImageRequest.omit({ type: true, file: true }).extend({ file: ImageReference });

/** `generate_multiview_image`: front, left, back and right views from one image. */
export const generateMultiviewImageTool = defineTaskTool({
  name: 'generate_multiview_image',
  title: 'Generate four views',
  description: `Starts a task that draws front, left, back and right views of the object in an image (under a minute; one at a time per account). Cost: ${CREDIT_PRICES.generateMultiviewImage} credits on success. Then wait_for_task, create_3d_model_from_multiview with original_task_id.`,
  input,
  request: async ({ file }, context) => ({
    type: 'generate_multiview_image',
    file: await resolveFileReference(file, context, { kind: 'image', field: 'file' }),
  }),
  summary: (params) => params.file,
});
