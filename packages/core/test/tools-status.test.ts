import { describe, expect, it } from 'vitest';
import { taskStatusOutput } from '../src/tools/status-result.js';
import { everything, KEY, useToolHarness } from './tools-harness.js';

const SEED_FIELDS = ['task_id', 'status', 'progress', 'message', 'next_step', 'outcome'];
const QUEUE_MS = 3_000;
const DONE_MS = 200_000;

describe.each(['v3', 'v2'] as const)('get_task_status (%s dialect)', (dialect) => {
  const h = useToolHarness({ apiVersion: dialect });

  async function start(prompt: string, extra: Record<string, unknown> = {}): Promise<string> {
    const out = await h.call('create_3d_model_from_text', { prompt, ...extra });
    expect(out.error).toBeUndefined();
    return out.result?.task_id as string;
  }

  async function status(taskId: string) {
    const out = await h.call('get_task_status', { task_id: taskId });
    // A task that ended badly is a failed call that still carries its status.
    if (out.result?.terminal && out.result.outcome !== 'success') expect(out.error?.code).toBe('task_failed');
    else expect(out.error).toBeUndefined();
    expect(() => taskStatusOutput.parse(out.result)).not.toThrow();
    expect(new TextEncoder().encode(out.text).length).toBeLessThanOrEqual(1024);
    expect(everything(out)).not.toContain(KEY);
    for (const field of SEED_FIELDS) expect(out.result, field).toHaveProperty(field);
    return { ...out, result: out.result as Record<string, unknown> };
  }

  it('reports a queued task with a wait_message naming wait_for_task and the id', async () => {
    const id = await start('a wooden chair');
    const { result, text } = await status(id);
    expect(result).toMatchObject({
      task_id: id,
      status: 'queued',
      outcome: 'queued',
      terminal: false,
      progress: 0,
    });
    expect(result.wait_message).toMatch(/wait_for_task/);
    expect(result.wait_message).toContain(id);
    expect(result.model_url).toBeUndefined();
    expect(text).toContain(id);
  });

  it('reports a running task with its progress and time left', async () => {
    const id = await start('a wooden chair');
    h.clock.advance(QUEUE_MS + 30_000);
    const { result } = await status(id);
    expect(result).toMatchObject({ status: 'running', outcome: 'running', terminal: false });
    expect(result.progress).toBeGreaterThan(0);
    expect(result.progress).toBeLessThan(100);
    expect(result.wait_message).toContain(id);
    expect(result.eta_seconds).toBeGreaterThan(0);
  });

  it('reports success with the four model links, the charge, and download advice', async () => {
    const id = await start('a wooden chair');
    h.clock.advance(DONE_MS);
    const { result, text } = await status(id);
    expect(result).toMatchObject({ status: 'success', outcome: 'success', terminal: true, progress: 100 });
    for (const key of ['model_url', 'pbr_model_url', 'base_model_url', 'rendered_image_url']) {
      expect(result[key], key).toMatch(/^https?:\/\//);
    }
    expect(result.warning).toBeUndefined();
    expect(result.wait_message).toBeUndefined();
    expect(result.credits_consumed).toBe(20);
    expect(result.next_step).toMatch(/download_model/);
    expect(result.next_step).toMatch(/expire/);
    expect(text).toMatch(/download_model/);
  });

  it('warns when a successful model has no PBR version', async () => {
    const id = await start('a wooden chair', { pbr: false });
    h.clock.advance(DONE_MS);
    const { result } = await status(id);
    expect(result.outcome).toBe('success');
    expect(result.pbr_model_url).toBeUndefined();
    expect(result.model_url).toMatch(/^https?:/);
    expect(result.warning).toMatch(/PBR/);
  });

  it('gives distinct, specific advice for each way a task can end badly', async () => {
    h.sim.script('pennies', { status: 'failed', errorCode: 2010 });
    h.sim.script('badparam', { status: 'failed', errorCode: 1004 });
    const cases = {
      banned: await start('a forbidden thing'),
      credits: await start('a chair for pennies'),
      server: await start('a doomed chair'),
      expired: await start('a stale chair'),
      cancelled: await start('an abandoned chair'),
      invalid: await start('a badparam chair'),
    };
    h.clock.advance(DONE_MS);
    const seen: Record<string, Record<string, unknown>> = {};
    for (const [name, id] of Object.entries(cases)) seen[name] = (await status(id)).result;

    expect(seen.banned).toMatchObject({
      outcome: 'banned',
      failure_cause: 'content_policy',
      retryable: false,
    });
    expect(seen.banned?.status).toBe('banned');
    expect(seen.banned?.next_step).toMatch(/prompt or image/);
    expect(seen.credits).toMatchObject({
      outcome: 'failed',
      error_code: 2010,
      failure_cause: 'insufficient_credits',
    });
    expect(seen.credits?.next_step).toMatch(/balance/i);
    expect(seen.server).toMatchObject({
      outcome: 'failed',
      error_code: 1001,
      failure_cause: 'server_error',
      retryable: true,
    });
    expect(seen.server?.next_step).toMatch(/support/);
    expect(seen.server?.next_step).toContain(cases.server);
    expect(seen.expired).toMatchObject({ status: 'expired', outcome: 'expired', failure_cause: 'expired' });
    expect(seen.cancelled).toMatchObject({
      status: 'cancelled',
      outcome: 'cancelled',
      failure_cause: 'cancelled',
    });
    expect(seen.invalid).toMatchObject({
      outcome: 'failed',
      error_code: 1004,
      failure_cause: 'invalid_parameter',
      retryable: false,
    });

    const advice = Object.values(seen).map((r) => `${r.message} ${r.next_step}`);
    expect(new Set(advice).size).toBe(advice.length);
    for (const r of Object.values(seen)) {
      expect(r.terminal).toBe(true);
      expect(r.model_url).toBeUndefined();
      expect(r.wait_message).toBeUndefined();
    }
  });

  it('treats an unknown status as not final and keeps the id in the advice', async () => {
    const id = await start('an uncertain chair');
    h.clock.advance(QUEUE_MS + 65_000);
    const { result } = await status(id);
    expect(result).toMatchObject({ outcome: 'unknown', terminal: false, task_id: id });
    expect(result.wait_message).toContain(id);
  });

  it('passes a status string nobody knows through as the API sent it, lowercase, as outcome unknown', async () => {
    const id = await start('a mysterious chair');
    h.clock.advance(QUEUE_MS + 65_000);
    const { result } = await status(id);
    expect(result).toMatchObject({ status: 'moderating', outcome: 'unknown', terminal: false });
  });

  it('waits up to wait_seconds before answering', async () => {
    const id = await start('a wooden chair');
    const out = await h.call('get_task_status', { task_id: id, wait_seconds: 600 });
    expect(out.result).toMatchObject({ status: 'success', outcome: 'success' });
    expect(out.progress.every((e) => e.taskId === id)).toBe(true);
    expect(out.progress.at(-1)?.progress).toBe(100);
  });

  it('reports an unknown task id as not_found, with the id', async () => {
    const out = await h.call('get_task_status', { task_id: '00000000-0000-4000-8000-000000000000' });
    expect(out.error?.code).toBe('not_found');
    expect(out.errorResult?.structured.error.task_id).toBe('00000000-0000-4000-8000-000000000000');
  });
});
