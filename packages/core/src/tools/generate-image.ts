import { z } from 'zod';
import { GenerateImageRequest, generateImageRules } from '../client/requests/index.js';
import { dialectTool, imageModel } from './dialect.js';
import { ImagePath, ImageReference, resolveFileReference } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

/** `generate_image`: makes or edits an image, e.g. as a clean input for a 3D model. */
export const generateImageTool = dialectTool((dialect) =>
  defineTaskTool({
    name: 'generate_image',
    title: 'Generate an image',
    description:
      'Starts a task that makes an image from a prompt (and optional references or template), under a minute: a clean picture for create_3d_model_from_image. Cost: 5 or 10 credits by model_version (estimate_cost), on success. Then wait_for_task.',
    input: GenerateImageRequest.omit({ type: true, file: true, files: true })
      .extend({
        model_version: imageModel(dialect),
        file: ImageReference.optional().describe('Image to edit or follow.'),
        files: z
          .array(ImagePath)
          .min(1)
          .max(16)
          .optional()
          .describe('Reference images: URL, file_token or path.'),
      })
      .superRefine(generateImageRules),
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
  }),
);
