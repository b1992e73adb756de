import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { taskStatusOutput } from '../src/tools/status-result.js';
import { everything, KEY, useToolHarness } from './tools-harness.js';

describe('wait_for_task', () => {
  const h = useToolHarness({ waitSeconds: 45 });

  async function start(prompt = 'a brass lamp'): Promise<string> {
    const out = await h.call('create_3d_model_from_text', { prompt });
    return out.result?.task_id as string;
  }

  it('returns "still running" with the id at the default deadline (45 s), then a later call finishes it', async () => {
    const id = await start();
    const t0 = h.clock.now();
    const first = await h.call('wait_for_task', { task_id: id });
    expect(first.error).toBeUndefined();
    expect(h.clock.now() - t0).toBeGreaterThanOrEqual(45_000);
    expect(h.clock.now() - t0).toBeLessThan(47_000);
    expect(first.result).toMatchObject({
      task_id: id,
      status: 'running',
      outcome: 'running',
      terminal: false,
    });
    expect(first.result?.waited_seconds).toBeGreaterThanOrEqual(45);
    expect(first.result?.wait_message).toMatch(/wait_for_task again/);
    expect(first.text).toMatch(/^Still running/);
    expect(first.text).toContain(id);
    expect(first.progress.length).toBeGreaterThan(1);
    expect(first.progress.every((e) => e.taskId === id)).toBe(true);
    expect(() => taskStatusOutput.parse(first.result)).not.toThrow();

    const second = await h.call('wait_for_task', { task_id: id, timeout_seconds: 300 });
    expect(second.result).toMatchObject({
      task_id: id,
      status: 'success',
      outcome: 'success',
      terminal: true,
    });
    expect(second.result?.model_url).toMatch(/^https?:/);
    expect(second.result?.wait_message).toBeUndefined();
    expect(second.progress.at(-1)).toMatchObject({ taskId: id, progress: 100, status: 'success' });
    expect(everything(first) + everything(second)).not.toContain(KEY);
  });

  it('honours timeout_seconds', async () => {
    const id = await start();
    const t0 = h.clock.now();
    const out = await h.call('wait_for_task', { task_id: id, timeout_seconds: 5 });
    expect(out.result?.terminal).toBe(false);
    expect(h.clock.now() - t0).toBeLessThan(7_000);
  });

  it('returns a failed task as a failure that keeps its status and advice', async () => {
    const id = await start('a forbidden lamp');
    const out = await h.call('wait_for_task', { task_id: id, timeout_seconds: 300 });
    expect(out.error).toMatchObject({ code: 'task_failed', taskId: id, suggestion: out.result?.next_step });
    expect(out.result).toMatchObject({ outcome: 'banned', terminal: true, failure_cause: 'content_policy' });
  });

  it('reports a cancelled call as aborted, naming the task', async () => {
    const id = await start();
    const controller = new AbortController();
    const pending = h.call(
      'wait_for_task',
      { task_id: id, timeout_seconds: 300 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 5);
    const out = await pending;
    expect(out.error?.code).toBe('aborted');
    expect(out.errorResult?.structured.error.task_id).toBe(id);
    expect(out.error?.taskId).toBe(id);
    expect(out.error?.message).toContain(
      `Task ${id} goes on at Tripo; call wait_for_task with task_id ${id} (then download_model)`,
    );
    expect(out.errorResult?.text).toContain(`call wait_for_task with task_id ${id}`);
  });
});

describe('generate_3d_model deadline', () => {
  const h = useToolHarness({ waitSeconds: 45 });

  it('returns "still running" with the id and the next calls, then wait_for_task and download_model finish it', async () => {
    const out = await h.call('generate_3d_model', { prompt: 'a brass lamp' });
    expect(out.error).toBeUndefined();
    const id = out.result?.task_id as string;
    expect(out.progress[0]?.taskId).toBe(id);
    expect(out.result).toMatchObject({ status: 'running', terminal: false, estimated_credits: 20 });
    expect(out.result?.file).toBeUndefined();
    expect(out.result?.next_step).toMatch(/wait_for_task.*download_model/);
    expect(out.text).toContain(id);
    expect(h.sim.tasks).toHaveLength(1);

    const waited = await h.call('wait_for_task', { task_id: id, timeout_seconds: 600 });
    expect(waited.result?.outcome).toBe('success');
    const saved = await h.call('download_model', { task_id: id });
    expect(saved.result).toMatchObject({ task_id: id, format: 'glb', output: 'pbr_model' });
    const bytes = await readFile(saved.result?.path as string);
    expect(bytes.length).toBe(saved.result?.size_bytes);
    expect(h.recent.get(id)?.downloadedPath).toBe(saved.result?.path);
  });

  it('counts the creation against the deadline', async () => {
    const t0 = h.clock.now();
    await h.call('generate_3d_model', { prompt: 'a brass lamp', timeout_seconds: 10 });
    expect(h.clock.now() - t0).toBeLessThan(12_000);
  });

  it('never retries a create whose outcome is unknown', async () => {
    h.sim.fault({ kind: 'reset-after-create' });
    const out = await h.call('generate_3d_model', { prompt: 'a brass lamp' });
    expect(out.error?.code).toBe('outcome_unknown');
    expect(out.error?.suggestion).toMatch(/list_recent_tasks/);
    expect(h.sim.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(h.sim.tasks).toHaveLength(1);
    expect(everything(out)).not.toContain(KEY);
  });

  it('reports a failed generation as a failure with its status, without downloading', async () => {
    const out = await h.call('generate_3d_model', { prompt: 'a doomed lamp', timeout_seconds: 600 });
    expect(out.error?.code).toBe('task_failed');
    expect(out.result).toMatchObject({ outcome: 'failed', failure_cause: 'server_error', terminal: true });
    expect(out.result?.file).toBeUndefined();
    expect(h.sim.fileRequests).toHaveLength(0);
  });

  it('keeps the result and the id when saving the finished model fails', async () => {
    h.sim.fault({ kind: 'truncated-download', times: 10 });
    const out = await h.call('generate_3d_model', { prompt: 'a brass lamp', timeout_seconds: 600 });
    expect(out.error).toBeUndefined();
    expect(out.result).toMatchObject({ outcome: 'success' });
    expect(out.result?.file).toBeUndefined();
    expect(out.result?.warning).toMatch(/saving it failed/);
    expect(out.result?.next_step).toMatch(/download_model/);
  });
});
