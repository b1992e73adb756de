import { FakeClock } from '@tripokit/testing';
import { type HostileApi, startHostileApi } from '@tripokit/testing/hostile';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeTask } from '../src/client/normalize.js';
import { TASK_STATUSES, type Task, TripoClient, TripoError } from '../src/index.js';

const KEY = 'tsk_malformed_tasks_key_9c1d7e';
const ID = '0f1e2d3c-4b5a-4968-8776-655443322110';

/** Values a hostile or buggy server might put in any field. */
const weird = fc.oneof(
  fc.anything(),
  fc.constantFrom(1e20, -1e20, 1e308, -0, 8.64e15 + 1, Number.MAX_SAFE_INTEGER, '', ' ', 'NaN', '1e400'),
  fc.double(),
  fc.integer(),
  fc.string(),
);

/** Task objects with every known field possibly missing, mistyped or out of range. */
const malformedTask = fc.record(
  {
    task_id: fc.oneof(fc.constant(ID), weird),
    id: fc.oneof(fc.constant(ID), weird),
    type: fc.oneof(fc.constantFrom('text_to_model', 'text-to-model', '/generation/rig', ''), weird),
    status: fc.oneof(fc.constantFrom(...TASK_STATUSES, 'canceled', 'SUCCESS', ' running '), weird),
    progress: weird,
    output: fc.oneof(
      weird,
      fc.record(
        {
          model: weird,
          model_url: weird,
          pbr_model: weird,
          generate_multiview_image: fc.oneof(weird, fc.dictionary(fc.string(), weird)),
          multiview_image_urls: fc.oneof(weird, fc.array(weird)),
          model_urls: fc.oneof(weird, fc.array(weird)),
          riggable: weird,
        },
        { requiredKeys: [] },
      ),
    ),
    error_code: weird,
    error_message: weird,
    running_left_time: weird,
    queuing_num: weird,
    credits_consumed: weird,
    create_time: weird,
    created_at: weird,
  },
  { requiredKeys: [] },
);

const anyAnswer = fc.oneof(malformedTask, weird);

/** Whether `task` has the shape the {@link Task} type promises. */
function expectValidTask(task: Task): void {
  expect(typeof task.taskId).toBe('string');
  expect(typeof task.type).toBe('string');
  expect(TASK_STATUSES).toContain(task.status);
  expect(typeof task.rawStatus).toBe('string');
  expect(Number.isFinite(task.progress) && task.progress >= 0 && task.progress <= 100).toBe(true);
  expect(typeof task.output).toBe('object');
  expect(task.output).not.toBeNull();
  for (const key of ['errorCode', 'etaSeconds', 'queuePosition', 'creditsConsumed'] as const) {
    if (task[key] !== undefined) expect(Number.isFinite(task[key])).toBe(true);
  }
  if (task.createdAt !== undefined) expect(typeof task.createdAt).toBe('string');
  expect(() => JSON.stringify(task)).not.toThrow();
}

/** The normalised task, or the thrown error; anything else thrown fails the property. */
function normalizeOrError(raw: unknown, dialect: 'v2' | 'v3'): Task | TripoError {
  try {
    return normalizeTask(raw, dialect, ID);
  } catch (error) {
    if (error instanceof TripoError) return error;
    throw error;
  }
}

describe('normalizeTask under malformed answers (property-based)', () => {
  it('returns a valid task or throws a retryable TripoError naming the task, never anything else', () => {
    fc.assert(
      fc.property(anyAnswer, fc.constantFrom('v2' as const, 'v3' as const), (raw, dialect) => {
        const result = normalizeOrError(raw, dialect);
        if (result instanceof TripoError) {
          expect(result).toMatchObject({ code: 'server', retryable: true, taskId: ID });
        } else {
          expectValidTask(result);
          expect(result.taskId).toBe(ID);
        }
      }),
      { numRuns: 2000, seed: 20_260_901 },
    );
  });

  it('drops a creation time no Date can hold instead of throwing (the RangeError that hung waits)', () => {
    for (const raw of [
      { create_time: 1e20 },
      { created_at: 1e20 },
      { create_time: -1e20, created_at: 1e300 },
    ]) {
      const task = normalizeTask({ task_id: ID, status: 'success', ...raw }, 'v3', ID);
      expect(task).toMatchObject({ taskId: ID, status: 'success' });
      expect(task.createdAt).toBeUndefined();
    }
  });

  it('refuses an answer about another task, or no task at all', () => {
    for (const raw of [{ task_id: 'another-task', status: 'success' }, null, 'ok', [], 42]) {
      expect(() => normalizeTask(raw, 'v3', ID)).toThrowError(
        expect.objectContaining({ code: 'server', retryable: true, taskId: ID }),
      );
    }
  });
});

/** A fetch in this process that answers every task read (single or batched) with `raw`. */
function answering(raw: unknown): typeof fetch {
  return async (input) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    const data = path.endsWith('/tasks/list') ? { tasks: [raw] } : raw;
    return new Response(JSON.stringify({ code: 0, data }), {
      headers: { 'content-type': 'application/json' },
    });
  };
}

/** Resolves 'hung' if `promise` has not settled after `ms` of real time: the property is that it always does. */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown } | 'hung'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  return Promise.race([settled, hung]).finally(() => clearTimeout(timer));
}

describe('waitForTask always settles, whatever the poll answers (property-based)', () => {
  it.each([
    ['batched polls (v3)', true],
    ['single reads (v3)', false],
  ] as const)(
    '%s: a task, its deadline, or a TripoError',
    async (_, batchPolling) => {
      await fc.assert(
        fc.asyncProperty(malformedTask, async (task) => {
          // Half the answers carry the right id, so they reach the normaliser through the batch too.
          const raw = { ...task, task_id: ID };
          const client = new TripoClient({
            apiKey: KEY,
            baseUrl: 'http://127.0.0.1:9/v3',
            fetch: answering(raw),
            clock: new FakeClock(),
            env: {},
            batchPolling,
            maxRequestsPerSecond: 1e6,
          });
          const outcome = await settlesWithin(client.waitForTask(ID, { timeoutMs: 60_000 }), 5000);
          expect(outcome).not.toBe('hung');
          if (outcome === 'hung') return;
          if (outcome.error !== undefined) expect(outcome.error).toBeInstanceOf(TripoError);
          else expectValidTask(outcome.value as Task);
        }),
        { numRuns: 150, seed: 4242 },
      );
    },
    60_000,
  );
});

describe('malformed tasks in polls against a hostile API on loopback', () => {
  let api: HostileApi;
  beforeEach(async () => {
    api = await startHostileApi();
  });
  afterEach(() => api.close());

  function client(batchPolling: boolean): TripoClient {
    return new TripoClient({
      apiKey: KEY,
      baseUrl: api.baseUrl,
      env: {},
      webSocket: false,
      maxRequestsPerSecond: 1e6,
      batchPolling: batchPolling ? { windowMs: 20 } : false,
    });
  }

  it('a batched poll with create_time 1e20 answers that wait (it used to hang), and the others', async () => {
    const ids = ['task-a', 'task-b', 'task-c'];
    api.readTask = (id) => ({
      kind: 'task',
      task: {
        task_id: id,
        type: 'text_to_model',
        status: 'success',
        progress: 100,
        output: { model_url: `https://files.example/${id}.glb` },
        ...(id === 'task-a' ? { create_time: 1e20 } : id === 'task-b' ? { created_at: 1e20 } : {}),
      },
    });
    const tripo = client(true);
    const tasks = await Promise.all(ids.map((id) => tripo.waitForTask(id, { timeoutMs: 5000 })));
    expect(tasks.map((t) => [t.taskId, t.status, t.output.model])).toEqual(
      ids.map((id) => [id, 'success', `https://files.example/${id}.glb`]),
    );
    expect(api.requests.filter((r) => r.path.endsWith('/tasks/list'))).toHaveLength(1);
  });

  it.each([
    ['null', null],
    ['a string', 'task is fine'],
    ['another task', { task_id: 'someone-else', status: 'success', progress: 100, output: {} }],
  ])(
    'a single read answered with %s rejects that wait with a typed error; the others finish',
    async (_, data) => {
      api.readTask = (id) =>
        id === 'task-bad'
          ? { kind: 'data', data }
          : { kind: 'task', task: { task_id: id, status: 'success', progress: 100, output: {} } };
      for (const batched of [true, false]) {
        const tripo = client(batched);
        const [good, bad, other] = await Promise.allSettled(
          ['task-good', 'task-bad', 'task-other'].map((id) => tripo.waitForTask(id, { timeoutMs: 5000 })),
        );
        expect(good).toMatchObject({
          status: 'fulfilled',
          value: { taskId: 'task-good', status: 'success' },
        });
        expect(other).toMatchObject({
          status: 'fulfilled',
          value: { taskId: 'task-other', status: 'success' },
        });
        expect(bad?.status).toBe('rejected');
        const error = (bad as PromiseRejectedResult).reason;
        expect(error).toBeInstanceOf(TripoError);
        expect(error).toMatchObject({ code: 'server', retryable: true, taskId: 'task-bad' });
        expect(error.message).toMatch(/malformed/);
      }
    },
  );
});
