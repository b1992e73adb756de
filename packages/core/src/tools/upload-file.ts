import { z } from 'zod';
import { joinSentences } from '../text.js';
import { defineTool } from './define.js';
import { formatBytes } from './downloaded-file.js';
import { readAllowedInputFile, uploadLocalFile } from './file-input.js';
import { detail } from './json-schema.js';

const input = z.strictObject({
  path: z
    .string()
    .trim()
    .min(1)
    .max(2048)
    .describe('Image (JPEG, PNG or WEBP, ≤ 20 MB) or 3D model (GLB, OBJ, FBX or STL, < 150 MB).'),
});

const output = z.object({
  file_token: z.string().describe('Pass it as image or file.'),
  type: detail(z.string()),
  size_bytes: detail(z.number()),
  message: detail(z.string()),
  next_step: z.string(),
});

/** `upload_file`: uploads a local image or model file and returns a file token. */
export const uploadFileTool = defineTool({
  name: 'upload_file',
  title: 'Upload a file',
  description:
    'Uploads a local image or 3D model (v3 API) and returns a file_token. Rarely needed: tools take local paths themselves; use it to reuse one upload. Free.',
  input,
  output,
  annotations: { readOnly: false, idempotent: false, spendsCredits: false, openWorld: true },
  async execute({ path: file }, context) {
    // Image or model: the bytes say which, not the name.
    const local = await readAllowedInputFile(file, context.files, {
      kinds: ['image', 'model'],
      field: 'path',
    });
    const uploaded = await uploadLocalFile(local, context);
    const kind = local.kind;
    const message = `Uploaded ${file} (${uploaded.type}, ${formatBytes(uploaded.bytes)}); file_token ${uploaded.fileToken}.`;
    const next_step =
      kind === 'model'
        ? `Pass ${uploaded.fileToken} as file to import_model.`
        : `Pass ${uploaded.fileToken} as image to create_3d_model_from_image or generate_3d_model.`;
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
