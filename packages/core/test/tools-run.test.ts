import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createToolContext,
  DEFAULT_WAIT_SECONDS,
  defineTool,
  RecentTasks,
  resolveToolSettings,
  runTool,
  streamTool,
  type ToolProgressEvent,
  TripoError,
  toolErrorResult,
  tripoToolsByName,
} from '../src/index.js';

const KEY = 'tsk_run_test_secret_key_0123456789';

/** A fixture tool driven entirely by its input. */
const fixture = defineTool({
  name: 'fixture',
  title: 'Fixture',
  description: 'Test fixture.',
  input: z.strictObject({
    progress: z.array(z.number()).default([]),
    text: z.string().default('ok'),
    bad_output: z.boolean().default(false),
    fail: z.enum(['tripo', 'plain']).optional(),
    late_progress: z.boolean().default(false),
    wait_for_abort: z.boolean().default(false),
  }),
  output: z.object({ task_id: z.string(), echo: z.string() }),
  annotations: { readOnly: true, idempotent: true, spendsCredits: false, openWorld: false },
  async execute(input, context) {
    for (const p of input.progress)
      context.onProgress({ taskId: 't-1', status: 'running', progress: p, message: `at ${p} ${KEY}` });
    if (input.fail === 'tripo')
      throw new TripoError('server', `boom with ${KEY}`, { taskId: 't-1', traceId: 'trace-9' });
    if (input.fail === 'plain') throw new Error('plain failure');
    if (input.wait_for_abort) {
      await new Promise((_resolve, reject) => {
        context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true });
      });
    }
    if (input.late_progress)
      setTimeout(() => context.onProgress({ status: 'late', progress: 1, message: 'late' }), 0);
    return {
      text: input.text,
      structured: input.bad_output
        ? ({ task_id: 't-1' } as { task_id: string; echo: string })
        : { task_id: 't-1', echo: input.text },
    };
  },
});

const config = {
  clientOptions: { apiKey: KEY, baseUrl: 'http://tripo.invalid/v3' },
  recentTasks: new RecentTasks(),
};

describe('runTool', () => {
  it('refuses invalid input with invalid_request naming the field and the allowed values, sending nothing', async () => {
    let requests = 0;
    const counting = {
      ...config,
      clientOptions: {
        ...config.clientOptions,
        fetch: async () => {
          requests++;
          return new Response('{}');
        },
      },
    };
    const error = await runTool(
      tripoToolsByName.create_3d_model_from_text,
      { prompt: 'a fox', texture_quality: 'ultra' },
      { config: counting },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoError);
    const tripo = error as TripoError;
    expect(tripo.code).toBe('invalid_request');
    expect(tripo.field).toBe('texture_quality');
    expect(tripo.message).toContain('texture_quality');
    expect(tripo.message).toContain('"detailed"');
    expect(tripo.suggestion).toMatch(/nothing was sent/);

    const missing = (await runTool(
      tripoToolsByName.create_3d_model_from_text,
      {},
      { config: counting },
    ).catch((e: unknown) => e)) as TripoError;
    expect(missing.field).toBe('prompt');
    expect(missing.message).toMatch(/prompt.*required/);

    const unknown = (await runTool(
      tripoToolsByName.get_task_status,
      { task_id: 'abc', colour: 'red' },
      { config: counting },
    ).catch((e: unknown) => e)) as TripoError;
    expect(unknown.field).toBe('colour');
    expect(requests).toBe(0);
  });

  it('forwards progress in order, never backwards, clamped to 0–100, and nothing after the result', async () => {
    const events: ToolProgressEvent[] = [];
    const result = await runTool(
      fixture,
      { progress: [10, 5, 30, 150, -3], late_progress: true },
      { config, onProgress: (e) => events.push(e) },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events.map((e) => e.progress)).toEqual([10, 10, 30, 100, 100]);
    expect(events.every((e) => !e.message.includes(KEY))).toBe(true);
    expect(result.structured).toEqual({ task_id: 't-1', echo: 'ok' });
  });

  it('clamps the text to 1 KB and masks the key', async () => {
    const result = await runTool(fixture, { text: `${KEY} ${'é'.repeat(3000)}` }, { config });
    expect(new TextEncoder().encode(result.text).length).toBeLessThanOrEqual(1024);
    expect(result.text).not.toContain(KEY);
    expect(JSON.stringify(result.structured)).not.toContain(KEY);
    expect(result.text.endsWith('…')).toBe(true);
  });

  it('masks the configured key even when it is not shaped like a Tripo key', async () => {
    const secret = 'plain-secret-0123456789';
    const options = { clientOptions: { apiKey: secret, baseUrl: 'http://tripo.invalid/v3' } };
    const result = await runTool(fixture, { text: `key ${secret}` }, { config: options });
    expect(result.text).toBe('key [redacted]');
    expect(JSON.stringify(result.structured)).not.toContain(secret);
  });

  it('rejects a result that does not match the output schema, keeping the task id', async () => {
    const error = (await runTool(fixture, { bad_output: true }, { config }).catch(
      (e: unknown) => e,
    )) as TripoError;
    expect(error).toBeInstanceOf(TripoError);
    expect(error.taskId).toBe('t-1');
    expect(error.message).toContain('echo');
  });

  it('turns a cancelled call into TripoError("aborted")', async () => {
    const controller = new AbortController();
    const pending = runTool(fixture, { wait_for_abort: true }, { config, signal: controller.signal });
    controller.abort();
    const error = (await pending.catch((e: unknown) => e)) as TripoError;
    expect(error.code).toBe('aborted');
    expect(error.taskId).toBeUndefined();
    expect(error.suggestion).toMatch(/list_recent_tasks/);
  });

  it('says how to pick up the task a cancelled call had already started', async () => {
    const controller = new AbortController();
    const pending = runTool(
      fixture,
      { progress: [10], wait_for_abort: true },
      { config, signal: controller.signal },
    );
    controller.abort();
    const error = (await pending.catch((e: unknown) => e)) as TripoError;
    expect(error.code).toBe('aborted');
    expect(error.taskId).toBe('t-1');
    expect(error.message).toContain(
      'Task t-1 goes on at Tripo; call wait_for_task with task_id t-1 (then download_model)',
    );
    expect(toolErrorResult(error).structured.error.task_id).toBe('t-1');
  });

  it('adds the task id of the first progress event to a later failure', async () => {
    const tool = defineTool({
      ...fixture,
      name: 'fails_after_start',
      async execute(_input, context) {
        context.onProgress({ taskId: 't-7', status: 'queued', progress: 0, message: 'created' });
        throw new TripoError('network', 'The connection broke.');
      },
    });
    const error = (await runTool(tool, {}, { config }).catch((e: unknown) => e)) as TripoError;
    expect(error).toMatchObject({ code: 'network', taskId: 't-7' });
    expect(error.suggestion).toContain('t-7');
  });

  it('keeps an unknown create outcome as it is when the call was cancelled meanwhile', async () => {
    const controller = new AbortController();
    const tool = defineTool({
      ...fixture,
      name: 'unknown_create',
      async execute() {
        controller.abort();
        throw new TripoError('outcome_unknown', 'It is unknown whether Tripo created the task.');
      },
    });
    const error = (await runTool(tool, {}, { config, signal: controller.signal }).catch(
      (e: unknown) => e,
    )) as TripoError;
    expect(error.code).toBe('outcome_unknown');
  });

  it('combines a ready context with per-call callbacks', async () => {
    const fromContext: number[] = [];
    const fromCall: number[] = [];
    const context = createToolContext(config, { onProgress: (e) => fromContext.push(e.progress) });
    await runTool(fixture, { progress: [20, 40] }, { context, onProgress: (e) => fromCall.push(e.progress) });
    expect(fromContext).toEqual([20, 40]);
    expect(fromCall).toEqual([20, 40]);
  });
});

describe('streamTool', () => {
  it('yields the progress events, then the result', async () => {
    const items = [];
    for await (const item of streamTool(fixture, { progress: [10, 60] }, { config })) items.push(item);
    expect(items.map((i) => i.type)).toEqual(['progress', 'progress', 'result']);
    const last = items.at(-1);
    expect(last?.type === 'result' && last.result.structured.echo).toBe('ok');
  });

  it('throws the failure from the iterator', async () => {
    const consume = async () => {
      for await (const _ of streamTool(fixture, { fail: 'tripo' }, { config })) {
        // drain
      }
    };
    await expect(consume()).rejects.toMatchObject({ code: 'server', taskId: 't-1' });
  });

  it('aborts the call when the consumer stops early', async () => {
    let aborted = false;
    const slow = defineTool({
      ...fixture,
      name: 'slow',
      async execute(_input, context) {
        context.onProgress({ taskId: 't-2', status: 'running', progress: 5, message: 'started' });
        await new Promise<void>((resolve) => {
          context.signal.addEventListener(
            'abort',
            () => {
              aborted = true;
              resolve();
            },
            { once: true },
          );
        });
        return { text: 'x', structured: { task_id: 't-2', echo: 'x' } };
      },
    });
    for await (const item of streamTool(slow, {}, { config })) {
      expect(item.type === 'progress' && item.event.taskId).toBe('t-2');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(aborted).toBe(true);
  });
});

describe('toolErrorResult', () => {
  it('reports a TripoError with code, message, suggestion, task id and trace id, never the key', async () => {
    const error = await runTool(fixture, { fail: 'tripo' }, { config }).catch((e: unknown) => e);
    const result = toolErrorResult(error);
    expect(result.isError).toBe(true);
    expect(result.structured.error).toMatchObject({
      code: 'server',
      task_id: 't-1',
      trace_id: 'trace-9',
      retryable: false,
    });
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(result.text).toContain('t-1');
    expect(result.text).toContain('trace-9');
  });

  it('reports any other thrown value as internal', async () => {
    const error = await runTool(fixture, { fail: 'plain' }, { config }).catch((e: unknown) => e);
    const result = toolErrorResult(error);
    expect(result.structured.error.code).toBe('internal');
    expect(result.structured.error.message).toContain('plain failure');
  });
});

describe('createToolContext', () => {
  it('resolves folders and the wait deadline from the environment', () => {
    const env = {
      TRIPOKIT_OUTPUT_DIR: 'out/models',
      TRIPOKIT_ALLOWED_INPUT_DIRS: ['in/a', '/abs/b'].join(path.delimiter),
      TRIPOKIT_WAIT_SECONDS: '20',
    };
    const settings = resolveToolSettings({ env });
    expect(settings.files.outputDir).toBe(path.resolve('out/models'));
    expect(settings.files.allowedInputDirs).toEqual([path.resolve('in/a'), '/abs/b']);
    expect(settings.waitSeconds).toBe(20);
  });

  it('defaults to ./tripo-models, only that folder for inputs, and 45 s', () => {
    const settings = resolveToolSettings({ env: {} });
    expect(settings.files.outputDir).toBe(path.resolve('tripo-models'));
    expect(settings.files.allowedInputDirs).toEqual([path.resolve('tripo-models')]);
    expect(settings.waitSeconds).toBe(DEFAULT_WAIT_SECONDS);
    expect(DEFAULT_WAIT_SECONDS).toBe(45);
  });

  it('refuses a malformed wait time', () => {
    expect(() => resolveToolSettings({ env: { TRIPOKIT_WAIT_SECONDS: 'soon' } })).toThrow(
      /TRIPOKIT_WAIT_SECONDS/,
    );
  });

  it('creates the client lazily, so tools can be listed and contexts built without a key', async () => {
    const options = { env: {} };
    const context = createToolContext(options);
    expect(context.waitSeconds).toBe(45);
    expect(() => context.client).toThrow(/TRIPO_API_KEY/);
    const estimate = await runTool(
      tripoToolsByName.estimate_cost,
      { requests: [{ type: 'animate_rig' }] },
      { config: options },
    );
    expect(estimate.structured.total_credits).toBe(25);
  });

  it('shares one client across calls made with the same options', () => {
    const options = { clientOptions: { apiKey: KEY, baseUrl: 'http://tripo.invalid/v3' } };
    expect(createToolContext(options).client).toBe(createToolContext(options).client);
  });
});
