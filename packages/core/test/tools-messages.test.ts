import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createTripoToolkit,
  TripoClient,
  TripoError,
  TripoToolCallError,
  type tripoToolsByName,
} from '../src/index.js';
import { useToolHarness } from './tools-harness.js';

/** Joined sentences gone wrong: a doubled full stop, or a full stop before a clause separator. */
const BAD_JOIN = /\.\.|\.;|\. \./;

/** Wrong values for any parameter: wrong types, out of range, and strings that end in a full stop. */
const WRONG_VALUES: readonly unknown[] = [{}, -1, 1e9, [null], 'nope.', 'x'.repeat(3000)];

describe('error messages', () => {
  const h = useToolHarness({ waitSeconds: 5 });

  it('never read ".." or ".;" for any invalid input of any tool', async () => {
    let failures = 0;
    for (const tool of createTripoToolkit({ env: {} }).tools) {
      const properties = Object.keys(
        (tool.inputJsonSchema as { properties?: Record<string, unknown> }).properties ?? {},
      );
      const inputs: unknown[] = [{}, { unknown_parameter: 1 }, 'not an object'];
      for (const property of properties) for (const value of WRONG_VALUES) inputs.push({ [property]: value });
      for (const input of inputs) {
        const out = await h.call(tool.name as keyof typeof tripoToolsByName, input);
        if (!out.error) continue;
        failures++;
        const where = `${tool.name} ${JSON.stringify(input).slice(0, 60)}`;
        expect(out.error.message, where).not.toMatch(BAD_JOIN);
        expect(out.error.message, where).toMatch(/[.?!…]$/);
        expect(out.errorResult?.text, where).not.toMatch(BAD_JOIN);
      }
    }
    expect(failures).toBeGreaterThan(500);
  });

  it('quote a local path, so one that ends in a full stop does not read as ".."', async () => {
    const out = await h.call('create_3d_model_from_image', { image: path.join(h.inputDir, 'frog.') });
    expect(out.error?.code).toBe('file_access');
    expect(out.error?.message).toContain(`no file found at "${path.join(h.inputDir, 'frog.')}".`);
  });

  it('join the issues of a rejected request into one sentence', async () => {
    const client = new TripoClient({ apiKey: 'tsk_messages_test_key_0001', env: {} });
    const error = (await client
      .createTask({ type: 'text_to_model', prompt: 'a cup', generate_parts: true, texture: true, pbr: true })
      .catch((e: unknown) => e)) as TripoError;
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('texture: false; ');
    expect(error.message).not.toMatch(BAD_JOIN);
    expect(error.message).toMatch(/[^.]\.$/);
  });

  it('end every sentence of an error text with one full stop', () => {
    expect(new TripoToolCallError(new Error('plain failure')).text).toMatch(
      /^Error \(internal\): Unexpected error: plain failure\. This/,
    );
    const shaped = new TripoToolCallError(
      new TripoError('server', 'Tripo is busy.', {
        suggestion: 'Try again later',
        taskId: 't-1',
        traceId: 'r-1',
      }),
    );
    expect(shaped.text).toBe('Error (server): Tripo is busy. Try again later. Task id: t-1. Trace id: r-1.');
  });
});
