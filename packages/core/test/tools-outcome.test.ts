import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTripoToolkit, defineTool, TripoError, TripoToolCallError } from '../src/index.js';
import { type CallOutcome, useToolHarness } from './tools-harness.js';

const DONE_MS = 200_000;

function asResult(outcome: CallOutcome) {
  expect(outcome.error).toBeUndefined();
  return { text: outcome.text ?? '', structured: outcome.result as Record<string, unknown> };
}

describe('kit.call: a task that ended without success is a failed call', () => {
  const h = useToolHarness();

  async function start(prompt: string): Promise<string> {
    return asResult(await h.call('create_3d_model_from_text', { prompt })).structured.task_id as string;
  }

  it('turns every way a task can end badly into a task_failed error that keeps the status and its advice', async () => {
    h.sim.script('pennies', { status: 'failed', errorCode: 2010 });
    const ids = {
      banned: await start('a forbidden thing'),
      credits: await start('a chair for pennies'),
      server: await start('a doomed chair'),
      expired: await start('a stale chair'),
      cancelled: await start('an abandoned chair'),
    };
    h.clock.advance(DONE_MS);
    for (const [name, id] of Object.entries(ids)) {
      const out = await h.call('get_task_status', { task_id: id });
      const status = out.result as Record<string, unknown>;
      expect(status, name).toMatchObject({ task_id: id, terminal: true });
      const failed = out.error;
      expect(failed, name).toBeInstanceOf(TripoToolCallError);
      expect(failed).toBeInstanceOf(TripoError);
      expect(failed).toMatchObject({
        code: 'task_failed',
        taskId: id,
        suggestion: status.next_step,
        retryable: status.retryable,
        apiCode: status.error_code,
      });
      expect(failed?.message).toContain(id);
      expect(failed?.message).toContain(status.message as string);
      expect(failed?.result).toEqual(status);
      expect(failed?.detail).toMatchObject({ code: 'task_failed', task_id: id });
      expect(out.text).toBe(failed?.text);
      expect(out.text).toContain(status.next_step as string);
    }
  });

  it('leaves tasks still going, succeeded tasks and other results alone', async () => {
    const id = await start('a wooden chair');
    const queued = asResult(await h.call('get_task_status', { task_id: id }));
    expect(queued.structured.outcome).toBe('queued');
    h.clock.advance(DONE_MS);
    const done = asResult(await h.call('wait_for_task', { task_id: id }));
    expect(done.structured.outcome).toBe('success');
    asResult(await h.call('get_balance', {}));
    asResult(await h.call('create_3d_model_from_text', { prompt: 'a doomed stool' }));
  });

  it('judges only results shaped like a task status with a known outcome', async () => {
    const kit = createTripoToolkit({ env: {} });
    const echo = defineTool({
      name: 'echo',
      title: 'Echo',
      description: 'Returns its input.',
      input: z.strictObject({ value: z.record(z.string(), z.unknown()) }),
      output: z.record(z.string(), z.unknown()),
      annotations: { readOnly: true, idempotent: true, spendsCredits: false, openWorld: false },
      execute: async ({ value }) => ({ text: 'echo', structured: value }),
    });
    const last = async (value: Record<string, unknown>) => {
      let final: unknown;
      for await (const item of kit.call(echo, { value })) final = item;
      return final as { isError: boolean };
    };
    expect((await last({ task_id: 'x', terminal: true, outcome: 'exploded' })).isError).toBe(false);
    expect((await last({ task_id: 'x', terminal: false, outcome: 'failed' })).isError).toBe(false);
    expect((await last({ task_id: 'x', terminal: true, outcome: 'success' })).isError).toBe(false);
    expect((await last({ task_id: 'x', terminal: true, outcome: 'failed' })).isError).toBe(true);
  });
});
