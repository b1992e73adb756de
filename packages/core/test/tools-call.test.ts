import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTripoToolkit,
  defineTool,
  RecentTasks,
  type ToolCallItem,
  type ToolCallResult,
  type ToolDefinition,
  type ToolProgressEvent,
  TripoError,
  TripoToolCallError,
  type TripoToolkitOptions,
} from '../src/index.js';
import { DEFAULT_WAIT_SECONDS, resolveToolSettings } from '../src/tools/settings.js';

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

const options: TripoToolkitOptions = {
  clientOptions: { apiKey: KEY, baseUrl: 'http://tripo.invalid/v3' },
  recentTasks: new RecentTasks(),
  env: {},
};
const kit = createTripoToolkit(options);

/** Every item of one call, and the result alone. */
async function collect(
  items: AsyncIterable<ToolCallItem>,
): Promise<{ progress: ToolProgressEvent[]; result: ToolCallResult }> {
  const progress: ToolProgressEvent[] = [];
  for await (const item of items) {
    if (item.type === 'result') return { progress, result: item };
    const { type: _type, ...event } = item;
    progress.push(event);
  }
  throw new Error('no result');
}

async function failure(definition: ToolDefinition | string, input: unknown, signal?: AbortSignal) {
  const { result } = await collect(kit.call(definition, input, { signal }));
  expect(result.isError).toBe(true);
  if (!result.isError) throw new Error('expected a failure');
  return result.error;
}

describe('kit.call', () => {
  it('refuses invalid input with invalid_request naming the field and the allowed values, sending nothing', async () => {
    let requests = 0;
    const counting = createTripoToolkit({
      ...options,
      clientOptions: {
        ...options.clientOptions,
        fetch: async () => {
          requests++;
          return new Response('{}');
        },
      },
    });
    const call = async (name: string, input: unknown) => {
      const { result } = await collect(counting.call(name, input));
      if (!result.isError) throw new Error('expected a failure');
      return result.error;
    };
    const error = await call('create_3d_model_from_text', { prompt: 'a fox', texture_quality: 'ultra' });
    expect(error).toBeInstanceOf(TripoToolCallError);
    expect(error.code).toBe('invalid_request');
    expect(error.field).toBe('texture_quality');
    expect(error.message).toContain('texture_quality');
    expect(error.message).toContain('"detailed"');
    expect(error.suggestion).toMatch(/nothing was sent/);
    expect(
      counting.checkInput('create_3d_model_from_text', { prompt: 'a fox', texture_quality: 'ultra' }),
    ).toMatchObject({ code: 'invalid_request', field: 'texture_quality' });
    expect(counting.checkInput('create_3d_model_from_text', { prompt: 'a fox' })).toBeUndefined();

    const missing = await call('create_3d_model_from_text', {});
    expect(missing.field).toBe('prompt');
    expect(missing.message).toMatch(/prompt.*required/);

    const unknown = await call('get_task_status', { task_id: 'abc', colour: 'red' });
    expect(unknown.field).toBe('colour');
    expect(unknown.message).toMatch(
      /colour: not a parameter of get_task_status.*Allowed: task_id, wait_seconds/,
    );
    expect(requests).toBe(0);
  });

  it('yields progress in order, never backwards, clamped to 0–100, then one result and nothing after it', async () => {
    const heard: number[] = [];
    const { progress, result } = await collect(
      kit.call(
        fixture,
        { progress: [10, 5, 30, 150, -3], late_progress: true },
        {
          onProgress: (event) => heard.push(event.progress),
        },
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(progress.map((e) => e.progress)).toEqual([10, 10, 30, 100, 100]);
    expect(heard).toEqual([10, 10, 30, 100, 100]);
    expect(progress.every((e) => !e.message.includes(KEY))).toBe(true);
    expect(result).toMatchObject({ isError: false, structured: { task_id: 't-1', echo: 'ok' }, files: [] });
  });

  it('never fails a call, nor loses an event, because the progress callback throws', async () => {
    const { progress, result } = await collect(
      kit.call(
        fixture,
        { progress: [10, 20] },
        {
          onProgress: () => {
            throw new Error('broken channel');
          },
        },
      ),
    );
    expect(result.isError).toBe(false);
    expect(progress.map((event) => event.progress)).toEqual([10, 20]);
  });

  it('run delivers progress to an async onProgress one at a time, in order, all before the result', async () => {
    const log: string[] = [];
    let busy = false;
    let overlapped = false;
    const onProgress = async (event: ToolProgressEvent) => {
      overlapped ||= busy;
      busy = true;
      log.push(`start ${event.progress}`);
      await new Promise((resolve) => setTimeout(resolve, 3));
      log.push(`end ${event.progress}`);
      busy = false;
    };
    const result = await kit.run(fixture, { progress: [10, 20, 30] }, { onProgress });
    log.push('result');
    expect(overlapped).toBe(false);
    expect(log).toEqual(['start 10', 'end 10', 'start 20', 'end 20', 'start 30', 'end 30', 'result']);
    expect(result).toMatchObject({ type: 'result', isError: false, structured: { echo: 'ok' } });
  });

  it('run resolves, never rejects: a rejecting onProgress and a failing tool both end in a result', async () => {
    const heard: number[] = [];
    const onProgress = async (event: ToolProgressEvent) => {
      heard.push(event.progress);
      throw new Error('broken channel');
    };
    const ok = await kit.run(fixture, { progress: [10, 20] }, { onProgress });
    expect(ok.isError).toBe(false);
    expect(heard).toEqual([10, 20]);
    const failed = await kit.run(fixture, { fail: 'tripo' });
    expect(failed).toMatchObject({ isError: true, error: { code: 'server', taskId: 't-1' } });
    expect(failed.text).not.toContain(KEY);
    const invalid = await kit.run(fixture, { colour: 'red' });
    expect(invalid).toMatchObject({ isError: true, error: { code: 'invalid_request', field: 'colour' } });
  });

  it('run with an aborted signal ends in an aborted result, and an unknown tool name throws', async () => {
    const aborted = await kit.run(fixture, {}, { signal: AbortSignal.abort() });
    expect(aborted).toMatchObject({ isError: true, error: { code: 'aborted' } });
    expect(() => kit.run('no_such_tool', {})).toThrow(/no tool "no_such_tool"/);
  });

  it('clamps the text to 1 KB and masks the key', async () => {
    const { result } = await collect(kit.call(fixture, { text: `${KEY} ${'é'.repeat(3000)}` }));
    expect(new TextEncoder().encode(result.text).length).toBeLessThanOrEqual(1024);
    expect(result.text).not.toContain(KEY);
    expect(JSON.stringify(result.structured)).not.toContain(KEY);
    expect(result.text.endsWith('…')).toBe(true);
  });

  it('masks the configured key even when it is not shaped like a Tripo key', async () => {
    const secret = 'plain-secret-0123456789';
    const own = createTripoToolkit({ clientOptions: { apiKey: secret, baseUrl: 'http://tripo.invalid/v3' } });
    const { result } = await collect(own.call(fixture, { text: `key ${secret}` }));
    expect(result.text).toBe('key [redacted]');
    expect(JSON.stringify(result.structured)).not.toContain(secret);
  });

  it('fails a result that does not match the output schema, keeping the task id', async () => {
    const error = await failure(fixture, { bad_output: true });
    expect(error.taskId).toBe('t-1');
    expect(error.message).toContain('echo');
  });

  it('turns a cancelled call into aborted, safe to repeat when no task was started', async () => {
    const controller = new AbortController();
    const pending = failure(fixture, { wait_for_abort: true }, controller.signal);
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('aborted');
    expect(error.taskId).toBeUndefined();
    expect(error.retryable).toBe(true);
    expect(error.suggestion).toMatch(/list_recent_tasks/);
  });

  it('says how to pick up the task a cancelled call had already started, and not to repeat a paid call', async () => {
    const controller = new AbortController();
    const pending = failure(fixture, { progress: [10], wait_for_abort: true }, controller.signal);
    controller.abort();
    const error = await pending;
    expect(error.code).toBe('aborted');
    expect(error.taskId).toBe('t-1');
    expect(error.message).toContain(
      'Task t-1 goes on at Tripo; call wait_for_task with task_id t-1 (then download_model)',
    );
    expect(error.detail.task_id).toBe('t-1');
    expect(error.retryable).toBe(true); // the fixture is idempotent, like wait_for_task

    const paid = defineTool({
      ...fixture,
      name: 'paid',
      annotations: { ...fixture.annotations, idempotent: false },
    });
    const again = new AbortController();
    const started = failure(paid, { progress: [10], wait_for_abort: true }, again.signal);
    again.abort();
    expect(await started).toMatchObject({ code: 'aborted', taskId: 't-1', retryable: false });
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
    const error = await failure(tool, {});
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
    expect((await failure(tool, {}, controller.signal)).code).toBe('outcome_unknown');
  });

  it('aborts the call when the consumer stops reading early', async () => {
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
    for await (const item of kit.call(slow, {})) {
      expect(item.type === 'progress' && item.taskId).toBe('t-2');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(aborted).toBe(true);
  });

  it('lets this call read input files from its roots as well as the allowed folders', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'tripokit-root-'));
    const seen = defineTool({
      ...fixture,
      name: 'seen_dirs',
      async execute(_input, context) {
        return { text: context.files.allowedInputDirs.join(','), structured: { task_id: 't', echo: 'x' } };
      },
    });
    const own = createTripoToolkit({ ...options, allowedInputDirs: ['/in'] });
    const plain = await collect(own.call(seen, {}));
    const rooted = await collect(own.call(seen, {}, { roots: [root, '/in'] }));
    expect(plain.result.text).toBe('/in');
    expect(rooted.result.text).toBe(`/in,${root}`);
  });
});

describe('a failed call', () => {
  it('is shaped once: code, message, suggestion, task id and trace id, as text and as data, never the key', async () => {
    const error = await failure(fixture, { fail: 'tripo' });
    expect(error.detail).toMatchObject({
      code: 'server',
      task_id: 't-1',
      trace_id: 'trace-9',
      retryable: false,
    });
    expect(JSON.stringify({ ...error.detail, text: error.text, stack: error.stack })).not.toContain(KEY);
    expect(error.text).toContain('t-1');
    expect(error.text).toContain('trace-9');
    expect(String(error)).toBe(error.text);
  });

  it('reports any other thrown value as internal', async () => {
    const error = await failure(fixture, { fail: 'plain' });
    expect(error.code).toBe('internal');
    expect(error.message).toContain('plain failure');
  });
});

describe('createTripoToolkit', () => {
  it('resolves folders and the wait deadline from the environment', () => {
    const env = {
      TRIPOKIT_OUTPUT_DIR: 'out/models',
      TRIPOKIT_ALLOWED_INPUT_DIRS: ['in/a', '/abs/b'].join(path.delimiter),
      TRIPOKIT_WAIT_SECONDS: '20',
    };
    const settings = createTripoToolkit({ env }).settings;
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

  it('refuses a malformed wait time, and an unknown tool name', () => {
    expect(() => createTripoToolkit({ env: { TRIPOKIT_WAIT_SECONDS: 'soon' } })).toThrow(
      /TRIPOKIT_WAIT_SECONDS/,
    );
    const core = createTripoToolkit({ env: {}, tools: 'core' });
    expect(() => core.call('texture_model', {})).toThrow(/no tool "texture_model"/);
  });

  it('creates the client lazily, so tools can be listed and called without a key until one needs it', async () => {
    const keyless = createTripoToolkit({ env: {} });
    expect(keyless.tools.length).toBeGreaterThan(20);
    expect(() => keyless.client).toThrow(/TRIPO_API_KEY/);
    const estimate = await collect(keyless.call('estimate_cost', { requests: [{ type: 'animate_rig' }] }));
    expect(estimate.result.structured).toMatchObject({ total_credits: 25 });
    const balance = await collect(keyless.call('get_balance', {}));
    expect(balance.result.isError && balance.result.error.code).toBe('config');
  });

  it('keeps one client, task store and redactor as plain fields shared by every call', () => {
    const shared = createTripoToolkit(options);
    expect(shared.client).toBe(shared.client);
    expect(shared.recentTasks).toBe(options.recentTasks);
    expect(shared.redact(`key ${KEY}`)).toBe('key [redacted]');
  });
});
