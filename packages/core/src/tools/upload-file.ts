import { z } from 'zod';
import { defineTool } from './define.js';
import { formatBytes } from './downloaded-file.js';
import { resolveAllowedInputFile } from './file-input.js';
import { joinSentences } from './text.js';

const input = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1)
    .max(2048)
    .describe('Path of a local JPEG, PNG or WEBP image (up to 20 MB) inside the allowed input folders.'),
});

const output = z.object({
  file_token: z.string().describe('Pass it as image/file to the image tools.'),
  type: z.string().describe('Image type: jpg, png or webp.'),
  size_bytes: z.number(),
  message: z.string(),
  next_step: z.string(),
});

/** `upload_file`: uploads a local image and returns a file token. */
export const uploadFileTool = defineTool({
  name: 'upload_file',
  title: 'Upload an image',
  description:
    'Uploads a local image (JPEG, PNG or WEBP, up to 20 MB, from the allowed input folders) to Tripo and returns a file_token. Rarely needed: the image tools accept a local path and upload it themselves; use this to reuse one upload in several tasks. Free. Next: pass file_token as image to create_3d_model_from_image or generate_3d_model.',
  input,
  output,
  annotations: { readOnly: false, idempotent: false, spendsCredits: false, openWorld: true },
  async execute({ path }, context) {
    const local = await resolveAllowedInputFile(path, context.files, { kind: 'image', field: 'path' });
    const uploaded = await context.client.uploadFile(local.path, { signal: context.signal });
    const message = `Uploaded ${path} (${uploaded.type}, ${formatBytes(uploaded.bytes)}); file_token ${uploaded.fileToken}.`;
    const next_step = `Pass ${uploaded.fileToken} as image to create_3d_model_from_image or generate_3d_model.`;
    return {
      text: joinSentences([message, next_step]),
      structured: {
        file_token: uploaded.fileToken,
        type: uploaded.type,
        size_bytes: uploaded.bytes,
        message,
        next_step,
      },
    };
  },
});
