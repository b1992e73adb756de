import { describe, expect, it } from 'vitest';
import {
  endedWithoutSuccess,
  TaskFailedError,
  TripoError,
  taskFailureOf,
  toolErrorResult,
} from '../src/index.js';
import { type CallOutcome, useToolHarness } from './tools-harness.js';

const DONE_MS = 200_000;

function asResult(outcome: CallOutcome) {
  expect(outcome.error).toBeUndefined();
  return { text: outcome.text ?? '', structured: outcome.result as Record<string, unknown> };
}

describe('taskFailureOf: whether a tool result is a task that ended without success', () => {
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
      const result = asResult(await h.call('get_task_status', { task_id: id }));
      const status = result.structured;
      expect(endedWithoutSuccess(result), name).toBe(true);
      const failed = taskFailureOf(result);
      expect(failed, name).toBeInstanceOf(TaskFailedError);
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
      expect(failed?.result).toBe(result);
      const shaped = toolErrorResult(failed);
      expect(shaped.structured.error).toMatchObject({ code: 'task_failed', task_id: id });
      expect(shaped.text).toContain(status.next_step as string);
    }
  });

  it('leaves tasks still going, succeeded tasks and other results alone', async () => {
    const id = await start('a wooden chair');
    const queued = asResult(await h.call('get_task_status', { task_id: id }));
    expect(queued.structured.outcome).toBe('queued');
    h.clock.advance(DONE_MS);
    const done = asResult(await h.call('wait_for_task', { task_id: id }));
    expect(done.structured.outcome).toBe('success');
    const balance = asResult(await h.call('get_balance', {}));
    const started = asResult(await h.call('create_3d_model_from_text', { prompt: 'a doomed stool' }));
    for (const result of [queued, done, balance, started]) {
      expect(endedWithoutSuccess(result)).toBe(false);
      expect(taskFailureOf(result)).toBeUndefined();
    }
    expect(taskFailureOf({ text: '', structured: null })).toBeUndefined();
    expect(
      taskFailureOf({ text: '', structured: { task_id: 'x', terminal: true, outcome: 'exploded' } }),
    ).toBeUndefined();
  });
});
