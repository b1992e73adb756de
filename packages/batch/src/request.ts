import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  type CreateTaskRequest,
  type TripoClient,
  TripoError,
  validateCreateTaskRequest,
} from '@tripokit/core';
import type { ParsedBatchJobInput } from './job-input.js';

/** Whether an image reference is something Tripo takes as it is (a URL or a file token), not a local path. */
function isRemoteImage(image: string): boolean {
  return /^https?:\/\//i.test(image) || /^file_[A-Za-z0-9_-]+$/.test(image) || /^[0-9a-f-]{36}$/i.test(image);
}

function requestOf(
  input: ParsedBatchJobInput,
  image?: string | { type: string; file_token: string },
): unknown {
  return input.prompt !== undefined
    ? { ...input.options, type: 'text_to_model', prompt: input.prompt }
    : { ...input.options, type: 'image_to_model', file: image ?? input.image };
}

/**
 * Checks a prompt before it is queued: the Tripo request it makes must pass core's validation, and a local image
 * must exist. Throws `TripoError('invalid_request')` naming the field; nothing is sent.
 */
export function checkJobInput(input: ParsedBatchJobInput): void {
  if (input.image !== undefined && !isRemoteImage(input.image)) {
    if (!existsSync(input.image)) {
      throw new TripoError('invalid_request', `The image file ${input.image} does not exist.`, {
        field: 'image',
        suggestion:
          'Give an existing local path (relative to the JSONL file), an http(s) URL or a file token.',
      });
    }
    // The upload happens at create time; a token stands in for it so the other fields are still checked now.
    validateCreateTaskRequest(requestOf(input, 'file_placeholder0'));
    return;
  }
  validateCreateTaskRequest(requestOf(input));
}

/** The Tripo request of a prompt, uploading a local image first (uploads are free and safe to repeat). */
export async function buildCreateRequest(
  input: ParsedBatchJobInput,
  client: TripoClient,
  signal?: AbortSignal,
): Promise<CreateTaskRequest> {
  if (input.image !== undefined && !isRemoteImage(input.image)) {
    const uploaded = await client.uploadFile(path.resolve(input.image), { signal });
    return validateCreateTaskRequest(requestOf(input, uploaded.file));
  }
  return validateCreateTaskRequest(requestOf(input));
}
