import { z } from 'zod';
import { FileInput, ModelVersion, MULTIVIEW_VIEWS, promptSchema, TaskId } from './common.js';
import { issue, type RequestRule } from './rules.js';

/** `text_to_image`: an image from a prompt. */
export const TextToImageRequest = z.strictObject({
  type: z.literal('text_to_image'),
  prompt: promptSchema(1024),
  negative_prompt: promptSchema(255, 'negative_prompt').optional(),
});
export type TextToImageRequest = z.infer<typeof TextToImageRequest>;

/** `generate_image`: advanced image generation or editing, optionally from reference images and a template. */
export const GenerateImageRequest = z.strictObject({
  type: z.literal('generate_image'),
  prompt: promptSchema(1024).optional(),
  model_version: ModelVersion.optional().describe(
    'Image model. v3 API: seedream_v4 (default, text only), seedream_v5 (default with references), banana, banana_pro, banana2, chat_image_2, chat_image_2.5_flare, chat_image_2.5_sunburst. v2 API: flux.1_kontext_pro (default), gpt_4o, gpt_image_1.5, midjourney, gemini_*….',
  ),
  file: FileInput.optional(),
  files: z.array(FileInput).min(1).max(16).optional(),
  template: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9_-]*$/)
    .optional()
    .describe('Template slug, e.g. t-pose / t_pose, 3d-enhance, character_completion, variants, figure.'),
  t_pose: z.boolean().optional(),
  sketch_to_render: z.boolean().optional(),
});
export type GenerateImageRequest = z.infer<typeof GenerateImageRequest>;

export const generateImageRules: RequestRule<{
  prompt?: string;
  template?: string;
  file?: unknown;
  files?: unknown;
}> = (value, ctx) => {
  if (value.file !== undefined && value.files !== undefined)
    issue(ctx, 'files', 'Give either file or files, not both.');
  if (value.prompt === undefined && value.template === undefined) {
    issue(ctx, 'prompt', 'generate_image needs a prompt (or a template with a file).');
  }
  if (
    value.prompt === undefined &&
    value.template !== undefined &&
    value.file === undefined &&
    value.files === undefined
  ) {
    issue(ctx, 'file', 'A template without a prompt needs a file to apply it to.');
  }
};

/** `generate_multiview_image`: front/left/back/right views of one image. */
export const GenerateMultiviewImageRequest = z.strictObject({
  type: z.literal('generate_multiview_image'),
  file: FileInput,
});
export type GenerateMultiviewImageRequest = z.infer<typeof GenerateMultiviewImageRequest>;

export const MultiviewEditPrompt = z.strictObject({
  view: z.enum(MULTIVIEW_VIEWS),
  prompt: promptSchema(1024),
});

/** `edit_multiview_image`: change views of a successful `generate_multiview_image` task, one prompt per view. */
export const EditMultiviewImageRequest = z.strictObject({
  type: z.literal('edit_multiview_image'),
  original_task_id: TaskId.describe('A successful generate_multiview_image or edit_multiview_image task.'),
  prompts: z.array(MultiviewEditPrompt).min(1).max(4),
});
export type EditMultiviewImageRequest = z.infer<typeof EditMultiviewImageRequest>;

export const editMultiviewImageRules: RequestRule<{ prompts?: readonly { view: string }[] }> = (
  value,
  ctx,
) => {
  const views = (value.prompts ?? []).map((p) => p.view);
  if (new Set(views).size !== views.length) issue(ctx, 'prompts', 'Give at most one prompt per view.');
};
