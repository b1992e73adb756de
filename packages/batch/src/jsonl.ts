import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TripoError } from '@tripokit/core';
import type { BatchJobInput } from './job-input.js';

/**
 * Reads a prompts file: one JSON object per line (`{"prompt": "…"}` or `{"image": "…"}`, plus `id`, `options`,
 * `out`), or a bare string line as a text prompt. Blank lines and lines starting with `#` are skipped. Local
 * image paths are taken relative to the file.
 */
export async function readPromptsFile(file: string): Promise<BatchJobInput[]> {
  const text = await readFile(file, 'utf8');
  const dir = path.dirname(path.resolve(file));
  const inputs: BatchJobInput[] = [];
  for (const [n, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new TripoError('invalid_request', `${path.basename(file)} line ${n + 1} is not JSON.`, {
        suggestion: 'Write one JSON object per line, e.g. {"prompt": "a red fox"}.',
      });
    }
    if (typeof value === 'string') value = { prompt: value };
    const input = value as BatchJobInput;
    if (typeof input === 'object' && input !== null && typeof input.image === 'string') {
      const image = input.image;
      if (!/^(https?:\/\/|file_)/i.test(image) && !/^[0-9a-f-]{36}$/i.test(image)) {
        input.image = path.resolve(dir, image);
      }
    }
    inputs.push(input);
  }
  return inputs;
}
