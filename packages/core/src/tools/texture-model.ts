import type { z } from 'zod';
import {
  type FileInput,
  TextureModelRequest,
  TexturePrompt,
  textureModelRules,
} from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { withAdvancedOptions } from './advanced-options.js';
import { ImageReference, imageViewSlots, resolveFileReference, resolveViewSlots } from './file-input.js';
import { defineTaskTool } from './task-tool.js';
import type { ToolContext } from './types.js';

const ToolTexturePrompt = TexturePrompt.extend({
  image: ImageReference.optional().describe(
    'One reference image: URL, file_token, or local path in the allowed folders.',
  ),
  images: imageViewSlots('4 reference views [front, left, back, right]; null skips a view.').optional(),
  style_image: ImageReference.optional().describe('An image whose style to follow.'),
}).describe('What to paint: exactly one of text, image or images, plus an optional style_image.');

const input = withAdvancedOptions({
  ...TextureModelRequest.omit({ type: true, texture_prompt: true }).shape,
  texture_prompt: ToolTexturePrompt.optional(),
}).superRefine(textureModelRules);

type ToolTexturePrompt = z.infer<typeof ToolTexturePrompt>;

async function resolvePrompt(prompt: ToolTexturePrompt, context: ToolContext): Promise<TexturePrompt> {
  const resolve = (value: string, field: string): Promise<FileInput> =>
    resolveFileReference(value, context, { kind: 'image', field });
  const images = prompt.images
    ? await resolveViewSlots(prompt.images, context, (i) => `texture_prompt.images[${i}]`)
    : undefined;
  return {
    ...(prompt.text !== undefined ? { text: prompt.text } : {}),
    ...(prompt.image !== undefined ? { image: await resolve(prompt.image, 'texture_prompt.image') } : {}),
    ...(images ? { images } : {}),
    ...(prompt.style_image !== undefined
      ? { style_image: await resolve(prompt.style_image, 'texture_prompt.style_image') }
      : {}),
  };
}

const price = CREDIT_PRICES.textureModel;

/** `texture_model`: paints a new texture on an existing model. */
export const textureModelTool = defineTaskTool({
  name: 'texture_model',
  title: 'Retexture a model',
  description: `Starts a task that repaints the model of a successful task from a text or image texture_prompt (geometry unchanged); returns its task_id at once (1–5 min). Cost: ${price.base} credits, +${price.quality.detailed} detailed texture_quality; charged only on success. Next: wait_for_task, then download_model.`,
  input,
  request: async ({ texture_prompt, ...params }, context) => {
    const resolved = texture_prompt ? await resolvePrompt(texture_prompt, context) : undefined;
    return { type: 'texture_model', ...params, ...(resolved ? { texture_prompt: resolved } : {}) };
  },
  summary: (params) => params.texture_prompt?.text ?? `retexture ${params.original_model_task_id}`,
});
