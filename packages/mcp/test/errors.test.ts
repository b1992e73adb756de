import { tripoToolsByName } from '@tripokit/core';
import { describe, expect, it } from 'vitest';
import { ERROR_META_KEY } from '../src/index.js';
import {
  callWithProgress,
  type Era,
  errorOf,
  KEY,
  type StructuredError,
  textOf,
  useMcpHarness,
} from './harness.js';

describe.each<Era>(['legacy', 'modern'])('errors over the %s era', (era) => {
  const h = useMcpHarness();

  it('refuses invalid input with isError naming the field, and sends nothing to Tripo', async () => {
    const { client } = await h.connect(era);
    const cases: [string, Record<string, unknown>, string][] = [
      ['create_3d_model_from_text', {}, 'prompt'],
      ['create_3d_model_from_text', { prompt: 'a chair', face_limit: 'many' }, 'face_limit'],
      ['generate_3d_model', { prompt: 'a chair', texture_quality: 'ultra' }, 'texture_quality'],
      ['wait_for_task', { task_id: 'abc', timeout_secs: 3 }, 'timeout_secs'],
      ['download_model', { task_id: 'has spaces!' }, 'task_id'],
    ];
    for (const [name, args, field] of cases) {
      const { result } = await callWithProgress(client, name, args);
      expect(result.isError, name).toBe(true);
      expect(textOf(result)).toContain(field);
      const error = errorOf(result);
      expect(error.code).toBe('invalid_request');
      expect(error.field).toBe(field);
    }
    expect(h.sim.requests).toEqual([]);
  });

  it('reports a Tripo error with its message, suggestion and trace id, in text and structure', async () => {
    const { client } = await h.connect(era);
    // The simulator refuses to create a task whose prompt says "offensive" (content policy, 2008).
    const { result } = await callWithProgress(client, 'create_3d_model_from_text', {
      prompt: 'something offensive',
    });
    expect(result.isError).toBe(true);
    const error = errorOf(result);
    expect(error.code).toBe('content_policy');
    expect(error.suggestion).toEqual(expect.any(String));
    expect(error.trace_id).toEqual(expect.any(String));
    const text = textOf(result);
    expect(text).toContain(error.message);
    expect(text).toContain(error.suggestion!);
    expect(text).toContain(error.trace_id!);
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('names the task id when an error concerns a task', async () => {
    const { client } = await h.connect(era);
    const started = await callWithProgress(client, 'create_3d_model_from_text', {
      prompt: 'a doomed castle',
    });
    const taskId = (started.result.structuredContent as { task_id: string }).task_id;
    await callWithProgress(client, 'wait_for_task', { task_id: taskId });
    // The task failed, so there is nothing to download.
    const { result } = await callWithProgress(client, 'download_model', { task_id: taskId });
    expect(result.isError).toBe(true);
    const error = errorOf(result);
    expect(error.task_id).toBe(taskId);
    expect(textOf(result)).toContain(taskId);
  });

  it('reports a task that ended badly as isError, keeping the status as structuredContent', async () => {
    const { client } = await h.connect(era);
    const { result: generated, progress } = await callWithProgress(client, 'generate_3d_model', {
      prompt: 'a forbidden statue',
    });
    const taskId = h.sim.tasks[0]!.taskId;
    const started = await callWithProgress(client, 'create_3d_model_from_text', { prompt: 'a doomed vase' });
    expect(started.result.isError).toBeFalsy();
    const { result: waited } = await callWithProgress(client, 'wait_for_task', {
      task_id: h.sim.tasks[1]!.taskId,
    });
    for (const [tool, result, id, outcome] of [
      ['generate_3d_model', generated, taskId, 'banned'],
      ['wait_for_task', waited, h.sim.tasks[1]!.taskId, 'failed'],
    ] as const) {
      expect(result.isError, textOf(result)).toBe(true);
      const status = result.structuredContent as Record<string, unknown>;
      expect(status).toMatchObject({ task_id: id, outcome, terminal: true });
      // Strict clients check structuredContent against the output schema even on errors: it must fit.
      expect(tripoToolsByName[tool as keyof typeof tripoToolsByName].output.safeParse(status).success).toBe(
        true,
      );
      const error = (result._meta as Record<string, unknown>)[ERROR_META_KEY] as StructuredError;
      expect(error).toMatchObject({ code: 'task_failed', task_id: id, suggestion: status.next_step });
      expect(textOf(result)).toContain(status.next_step as string);
      expect(textOf(result)).toContain(id);
    }
    expect(progress.at(-1)?.progress ?? 0).toBeLessThan(100);
    expect(h.logs.some((line) => line.includes('generate_3d_model failed (task_failed)'))).toBe(true);
  });

  it('lists tools without a key and fails calls with a config error that never shows a key', async () => {
    h.configure({ clientOptions: { baseUrl: h.sim.apiBase('v3'), clock: h.clock, env: {} }, env: {} });
    const { client } = await h.connect(era);
    expect((await client.listTools()).tools.length).toBeGreaterThan(20);
    const { result } = await callWithProgress(client, 'get_balance', {});
    expect(result.isError).toBe(true);
    expect(errorOf(result).code).toBe('config');
    expect(textOf(result)).toContain('TRIPO_API_KEY');
    expect(h.sim.requests).toEqual([]);
  });
});
