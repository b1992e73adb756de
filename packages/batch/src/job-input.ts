import { z } from 'zod';

/**
 * One prompt of a batch: a text prompt or an image (URL, Tripo file token, or a local path that is uploaded
 * first), Tripo request options, and where its model goes. One line of `prompts.jsonl`.
 */
export const BatchJobInput = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,80}$/, 'letters, digits, ".", "_" and "-" only (at most 80)')
      .optional()
      .describe('Your name for this prompt; also the file name of its model. Default: its line number.'),
    prompt: z.string().min(1).optional().describe('Text prompt (text_to_model).'),
    image: z
      .string()
      .min(1)
      .optional()
      .describe('Image for image_to_model: an http(s) URL, a file token, or a local path (uploaded first).'),
    options: z
      .record(z.string(), z.unknown())
      .default({})
      .describe(
        "Tripo request fields with Tripo's own names, e.g. model_version, texture_quality, face_limit.",
      ),
    out: z
      .string()
      .optional()
      .describe('Sub-folder of the batch output folder for this model (relative, stays inside it).'),
  })
  .refine((line) => (line.prompt === undefined) !== (line.image === undefined), {
    message: 'give exactly one of "prompt" or "image"',
  });

/** One prompt of a batch (input shape: `options` may be omitted). */
export type BatchJobInput = z.input<typeof BatchJobInput>;
/** One prompt of a batch, validated. */
export type ParsedBatchJobInput = z.output<typeof BatchJobInput>;
