import {
  everyText,
  findKeyLeaks,
  type KeyEchoWorld,
  ODD_API_KEY,
  startKeyEchoWorld,
} from '@tripokit/testing/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTripoToolkit,
  defineTool,
  downloadTaskOutput,
  RecentTasks,
  type Task,
  type ToolCallItem,
  type ToolProgressEvent,
  TripoClient,
  TripoToolCallError,
  type TripoToolkitOptions,
} from '../src/index.js';

const KEY = ODD_API_KEY;

let world: KeyEchoWorld;
let api: KeyEchoWorld['api'];
let dir: string;
beforeAll(async () => {
  world = await startKeyEchoWorld(KEY);
  ({ api, dir } = world);
});
afterAll(() => world.close());

const configs: Record<string, () => TripoToolkitOptions> = {
  'the key in clientOptions': () => ({ clientOptions: { apiKey: KEY, baseUrl: api.baseUrl } }),
  'a ready client': () => ({ client: new TripoClient({ apiKey: KEY, baseUrl: api.baseUrl, env: {} }) }),
  'a client factory': () => ({
    client: () => new TripoClient({ apiKey: KEY, baseUrl: api.baseUrl, env: {} }),
  }),
  'the key in the environment': () => ({ env: { TRIPO_API_KEY: KEY, TRIPO_BASE_URL: api.baseUrl } }),
};

describe('the API key appears nowhere, whatever a hostile API echoes', () => {
  it.each(Object.keys(configs))('through kit.call, with %s', async (name) => {
    const kit = createTripoToolkit({
      ...configs[name]!(),
      outputDir: dir,
      allowedInputDirs: [dir],
      waitSeconds: 5,
      recentTasks: new RecentTasks(),
    } satisfies TripoToolkitOptions);
    const leaks = await findKeyLeaks(world, async (tool, args) => {
      const items: ToolCallItem[] = [];
      for await (const item of kit.call(tool, args)) items.push(item);
      const outcome = items.at(-1);
      const error = outcome?.type === 'result' && outcome.isError ? outcome.error : undefined;
      return { outcome, error, progress: items.slice(0, -1) };
    });
    expect(leaks).toEqual([]);
  });

  it('masks the key in the failure of a raw error a tool throws (nothing of its cause chain is kept) and in progress', async () => {
    class HostError extends Error {
      constructor(
        message: string,
        readonly detail: { url: string },
        options?: ErrorOptions,
      ) {
        super(message, options);
      }
    }
    const leaky = defineTool({
      name: 'leaky_tool',
      title: 'Leaky',
      description: 'Throws what it was given.',
      input: z.strictObject({}),
      output: z.object({}),
      annotations: { readOnly: true, idempotent: true, spendsCredits: false, openWorld: false },
      async execute(_input, context) {
        context.onProgress({ taskId: 't', status: `key ${KEY}`, progress: 1, message: `key ${KEY}` });
        throw new HostError(
          `outer ${KEY}`,
          { url: `https://x.test/${encodeURIComponent(KEY)}` },
          {
            cause: new AggregateError([new Error(`inner ${KEY}`)], `middle ${JSON.stringify(KEY)}`),
          },
        );
      },
    });
    const progress: ToolProgressEvent[] = [];
    const client = new TripoClient({ apiKey: KEY, baseUrl: api.baseUrl, env: {} });
    let error: unknown;
    for await (const item of createTripoToolkit({ client }).call(
      leaky,
      {},
      { onProgress: (e) => progress.push(e) },
    ))
      if (item.type === 'result' && item.isError) error = item.error;
    expect(error).toBeInstanceOf(TripoToolCallError);
    expect(error).toMatchObject({ code: 'internal' });
    expect((error as Error).cause).toBeUndefined();
    expect(everyText(error)).toContain('[redacted]');
    for (const spelling of [KEY, encodeURIComponent(KEY), JSON.stringify(KEY).slice(1, -1)]) {
      expect(everyText(error)).not.toContain(spelling);
      expect(everyText(progress)).not.toContain(spelling);
    }
  });

  it('masks the key in what downloadTaskOutput throws, given the client’s redactor', async () => {
    const { redact } = new TripoClient({ apiKey: KEY, baseUrl: api.baseUrl, env: {} });
    const failed: Task = {
      taskId: 'failed-task',
      type: 'text_to_model',
      status: 'failed',
      rawStatus: 'failed',
      progress: 0,
      errorMessage: `quota of ${KEY} exceeded`,
      output: {},
    };
    const error = await downloadTaskOutput({ getTask: async () => failed, fetch, redact }, 'failed-task', {
      dir,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'download' });
    expect(everyText(error)).toContain('quota of [redacted] exceeded');
    expect(everyText(error)).not.toContain(KEY);
  });
});
