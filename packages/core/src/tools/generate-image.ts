import { z } from 'zod';
import { GenerateImageRequest, generateImageRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { ImageReference, resolveFileReference } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

const input = GenerateImageRequest.omit({ type: true, file: true, files: true })
  .extend({
    file: ImageReference.optional().describe(
      'A reference image to edit or follow: URL, file_token, or local path.',
    ),
    files: z.array(ImageReference).min(1).max(16).optional().describe('Several reference images.'),
  })
  .superRefine(generateImageRules);

const v2Cheap = CREDIT_PRICES.generateImage[5].join(', ');
const v2Premium = CREDIT_PRICES.generateImage[10].join(', ');
const v3Cheap = CREDIT_PRICES.v3ImageModels[5].join(', ');
const v3Premium = CREDIT_PRICES.v3ImageModels[10].join(', ');

/** `generate_image`: makes or edits an image, e.g. as a clean input for a 3D model. */
export const generateImageTool = defineTaskTool({
  name: 'generate_image',
  title: 'Generate an image',
  description: `Starts a Tripo generate_image task that makes an image from a prompt, optionally from reference images (file/files) and a template such as t_pose or 3d_enhance, and returns its task_id at once; it usually takes under a minute. Useful to prepare a clean single-object picture for create_3d_model_from_image. model_version names the image model, which depends on the API in use: on v3 (the default) Tripo's aliases, seedream_v4 (default from text) or seedream_v5 (default with reference images), banana, banana2, banana_pro, chat_image_2, chat_image_2.5_flare, chat_image_2.5_sunburst; on v2 flux.1_kontext_pro (default), gpt_4o, gpt_image_1.5, midjourney, gemini_*… Cost on v2: 5 credits (${v2Cheap}) or 10 (${v2Premium}); on v3 an estimated 5 (${v3Cheap}) or 10 (${v3Premium}). Charged only on success. Next: wait_for_task, then download_model (output generated_image) or pass the image to create_3d_model_from_image.`,
  input,
  request: async ({ file, files, ...params }, context) => {
    const resolve = (value: string, field: string) =>
      resolveFileReference(value, context, { kind: 'image', field });
    const resolvedFile = file === undefined ? undefined : await resolve(file, 'file');
    const resolvedFiles =
      files === undefined ? undefined : await Promise.all(files.map((f, i) => resolve(f, `files[${i}]`)));
    return {
      type: 'generate_image',
      ...params,
      ...(resolvedFile !== undefined ? { file: resolvedFile } : {}),
      ...(resolvedFiles !== undefined ? { files: resolvedFiles } : {}),
    };
  },
  summary: (params) => params.prompt ?? params.template,
});
