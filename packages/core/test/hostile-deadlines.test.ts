import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeClock } from '@tripokit/testing';
import { type HostileApi, startHostileApi } from '@tripokit/testing/hostile';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTripoToolkit,
  RecentTasks,
  TripoClient,
  type TripoToolkitOptions,
  TripoWaitTimeoutError,
} from '../src/index.js';

const KEY = 'tsk_hostile_deadlines_key_77a0c3e9';
const TASK = '5b0c7a4e-1d2f-4e3a-9b8c-7d6e5f4a3b2c';
/** The deadline of every call here, and the slack the issue allows past it. */
const DEADLINE_S = 10;
const SLACK_S = 2;

let api: HostileApi;
let clock: FakeClock;
let outputDir: string;
beforeEach(async () => {
  api = await startHostileApi();
  // A silent API: it accepts the connection and the request, and never answers a task read.
  api.readTask = () => ({ kind: 'silent' });
  clock = new FakeClock({ autoAdvance: false });
  outputDir = await mkdtemp(path.join(tmpdir(), 'tripokit-deadlines-'));
});
afterEach(async () => {
  await api.close();
  await rm(outputDir, { recursive: true, force: true });
});

interface Driven<T> {
  value?: T;
  error?: unknown;
  /** Virtual seconds from the start of the call to its answer. */
  seconds: number;
}

/**
 * Runs `call` while moving the client's clock forward in small steps (real I/O gets a moment between steps),
 * until it answers or 600 virtual seconds have passed: the virtual time it took is exact, whatever the load.
 */
async function drive<T>(call: () => Promise<T>): Promise<Driven<T>> {
  const start = clock.now();
  let answered = false;
  const outcome = call().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void outcome.finally(() => {
    answered = true;
  });
  while (!answered && clock.now() - start < 600_000) {
    await new Promise((resolve) => setTimeout(resolve, 2));
    clock.advance(250);
  }
  const seconds = (clock.now() - start) / 1000;
  console.info(`deadline ${DEADLINE_S} s answered after ${seconds} virtual s`);
  return { ...(answered ? await outcome : { error: new Error('no answer in 600 s') }), seconds };
}

function client(batchPolling: boolean): TripoClient {
  return new TripoClient({
    apiKey: KEY,
    baseUrl: api.baseUrl,
    clock,
    env: {},
    webSocket: false,
    batchPolling: batchPolling ? { windowMs: 50 } : false,
  });
}

function toolConfig(): TripoToolkitOptions {
  return {
    clientOptions: { apiKey: KEY, baseUrl: api.baseUrl, clock, env: {}, webSocket: false },
    outputDir,
    allowedInputDirs: [outputDir],
    waitSeconds: DEADLINE_S,
    recentTasks: new RecentTasks(),
    env: {},
  };
}

/** One tool call through a fresh toolkit: its result, or its shaped failure thrown. */
async function callTool(name: string, args: unknown): Promise<{ text: string; structured: unknown }> {
  for await (const item of createTripoToolkit(toolConfig()).call(name, args)) {
    if (item.type !== 'result') continue;
    if (item.isError) throw item.error;
    return item;
  }
  throw new Error(`${name} ended without a result`);
}

describe('deadlines are kept against a silent API (in-flight reads are cut)', () => {
  it.each([
    ['single reads', false],
    ['batched polls', true],
  ] as const)('waitForTask (%s): TripoWaitTimeoutError within the deadline + 2 s', async (_, batched) => {
    const result = await drive(() => client(batched).waitForTask(TASK, { timeoutMs: DEADLINE_S * 1000 }));
    expect(result.error).toBeInstanceOf(TripoWaitTimeoutError);
    expect(result.error).toMatchObject({ code: 'timeout', taskId: TASK, retryable: true });
    expect(result.seconds).toBeLessThanOrEqual(DEADLINE_S + SLACK_S);
  });

  it('a wait whose later polls go unanswered ends at its deadline with the last task seen', async () => {
    let reads = 0;
    api.readTask = (id) =>
      reads++ === 0
        ? { kind: 'task', task: { task_id: id, status: 'running', progress: 40 } }
        : { kind: 'silent' };
    const result = await drive(() => client(false).waitForTask(TASK, { timeoutMs: DEADLINE_S * 1000 }));
    expect(result.error).toBeInstanceOf(TripoWaitTimeoutError);
    expect((result.error as TripoWaitTimeoutError).lastTask).toMatchObject({
      status: 'running',
      progress: 40,
    });
    expect(result.seconds).toBeLessThanOrEqual(DEADLINE_S + SLACK_S);
  });

  it('aborting still ends a wait stuck on a silent read at once', async () => {
    const controller = new AbortController();
    const result = await drive(() => {
      const waiting = client(true).waitForTask(TASK, { signal: controller.signal });
      void clock.sleep(3000).then(() => controller.abort());
      return waiting;
    });
    expect(result.error).toMatchObject({ code: 'aborted', taskId: TASK });
    expect(result.seconds).toBeLessThanOrEqual(3 + SLACK_S);
  });

  it.each([
    ['wait_for_task', { task_id: TASK }],
    ['get_task_status', { task_id: TASK, wait_seconds: DEADLINE_S }],
  ] as const)('%s answers "still going, call wait_for_task again" on time', async (name, args) => {
    const result = await drive(() => callTool(name, args));
    expect(result.error).toBeUndefined();
    const structured = result.value?.structured as Record<string, unknown>;
    expect(structured).toMatchObject({ task_id: TASK, terminal: false });
    expect(structured.warning).toMatch(/did not answer within/);
    expect(`${result.value?.text} ${structured.next_step}`).toMatch(/wait_for_task/);
    expect(result.seconds).toBeLessThanOrEqual(DEADLINE_S + SLACK_S);
  });

  it('generate_3d_model with TRIPOKIT_WAIT_SECONDS=10 and silent task reads: still running, on time (was 367 s)', async () => {
    const result = await drive(() => callTool('generate_3d_model', { prompt: 'a small red fox' }));
    expect(result.error).toBeUndefined();
    const structured = result.value?.structured as Record<string, unknown>;
    expect(api.created).toHaveLength(1);
    expect(structured).toMatchObject({ task_id: api.created[0], status: 'queued', terminal: false });
    expect(structured.next_step).toMatch(/wait_for_task/);
    expect(result.seconds).toBeLessThanOrEqual(DEADLINE_S + SLACK_S);
  });
});
