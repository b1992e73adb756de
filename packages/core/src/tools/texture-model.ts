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
  image: ImageReference.optional(),
  images: imageViewSlots('Images [front, left, back, right]; null skips one.').optional(),
  style_image: ImageReference.optional().describe('Style to follow.'),
}).describe('One of text, image or images; style_image optional.');

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
  description: `Starts a task that repaints a model from a text or image texture_prompt, geometry unchanged (1–5 min). Cost: ${price.base} credits, +${price.quality.detailed} detailed texture_quality, on success. Then wait_for_task.`,
  input,
  request: async ({ texture_prompt, ...params }, context) => {
    const resolved = texture_prompt ? await resolvePrompt(texture_prompt, context) : undefined;
    return { type: 'texture_model', ...params, ...(resolved ? { texture_prompt: resolved } : {}) };
  },
  summary: (params) => params.texture_prompt?.text ?? `retexture ${params.original_model_task_id}`,
});
