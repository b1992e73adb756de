import { randomUUID } from 'node:crypto';
import {
  createTripoHandlers,
  FakeClock,
  TripoSimulator,
  type TripoSimulatorOptions,
} from '@tripokit/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Task, TripoClient, type TripoClientOptions, TripoError } from '../src/index.js';
import { MAX_POLL_DELAY_MS } from '../src/status/poll-delay.js';

const KEY = 'tsk_wait_batch_key_never_shown_7c1e';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** One request as the client sent it: when, where, and the ids of a batch query. */
interface Sent {
  at: number;
  method: string;
  path: string;
  ids: string[];
}

interface Setup {
  sim: TripoSimulator;
  clock: FakeClock;
  client: TripoClient;
  sent: Sent[];
  /** Creates `count` text-to-model tasks at the current instant; `runningMs(i)` spreads their ends. */
  create(count: number, runningMs?: (i: number) => number): Promise<string[]>;
  /** The simulator's record of batch queries and single task reads. */
  lists(): { status: number }[];
  reads(): { path: string; status: number }[];
}

function setup(
  version: 'v3' | 'v2' = 'v3',
  options: TripoClientOptions = {},
  simOptions: TripoSimulatorOptions = {},
): Setup {
  const clock = new FakeClock();
  const sim = new TripoSimulator({
    clock,
    apiKey: KEY,
    initialBalance: 1e9,
    linkTtlMs: Number.POSITIVE_INFINITY,
    ...simOptions,
  });
  server.use(...createTripoHandlers(sim));
  const sent: Sent[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const ids = url.pathname.endsWith('/tasks/list') ? JSON.parse(String(init?.body)).task_ids : [];
    sent.push({ at: clock.now(), method: init?.method ?? 'GET', path: url.pathname, ids });
    return fetch(input, init);
  };
  const base = { apiKey: KEY, baseUrl: sim.apiBase(version), clock, env: {}, webSocket: false } as const;
  const client = new TripoClient({ ...base, fetch: recording, ...options });
  // Creates go through their own uncapped client, one at a time, so every task starts at the same instant.
  const creator = new TripoClient({ ...base, maxRequestsPerSecond: 1e6, maxConcurrentRequests: 1 });
  return {
    sim,
    clock,
    client,
    sent,
    async create(count, runningMs = running) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        sim.script({ type: 'text_to_model' }, { status: 'success', runningMs: runningMs(i) }, { times: 1 });
        ids.push((await creator.createTask({ type: 'text_to_model', prompt: `a cube number ${i}` })).taskId);
      }
      return ids;
    },
    lists: () => sim.requests.filter((r) => r.method === 'POST' && /\/tasks\/list$/.test(r.path)),
    reads: () => sim.requests.filter((r) => r.method === 'GET' && /\/tasks?\/(?!list)[^/]+$/.test(r.path)),
  };
}

/** One wait's outcome: the task or the error, when it came (clock time), and the progress it reported. */
interface Outcome {
  taskId: string;
  task?: Task;
  error?: TripoError;
  at: number;
  progress: Task[];
}

/** Waits on every id at once, keeping each waiter's progress events; errors come back as values. */
function waitAll(
  s: Setup,
  ids: readonly string[],
  signals: ReadonlyMap<string, AbortSignal> = new Map(),
): Promise<Outcome[]> {
  return Promise.all(
    ids.map(async (taskId) => {
      const progress: Task[] = [];
      try {
        const task = await s.client.waitForTask(taskId, {
          signal: signals.get(taskId),
          onProgress: (t) => void progress.push(t),
        });
        return { taskId, task, at: s.clock.now(), progress };
      } catch (error) {
        if (!(error instanceof TripoError)) throw error;
        return { taskId, error, at: s.clock.now(), progress };
      }
    }),
  );
}

/** Run times of 30–90 s, spread over the tasks. */
const running = (i: number): number => 30_000 + ((i * 7_919) % 60_000);
/** The simulator's default time in the queue. */
const QUEUED_MS = 3_000;

const RANK: Record<string, number> = { queued: 0, running: 1, success: 2 };

/** Each waiter saw queued/running/success in that order, progress never going back, ending in success. */
function expectOrderedProgress(progress: readonly Task[]): void {
  expect(progress.at(-1)?.status).toBe('success');
  for (let i = 1; i < progress.length; i++) {
    const [before, after] = [progress[i - 1] as Task, progress[i] as Task];
    expect(RANK[after.status]).toBeGreaterThanOrEqual(RANK[before.status] as number);
    expect(after.progress).toBeGreaterThanOrEqual(before.progress);
  }
}

/** The most request starts in any window of `ms`. */
function peakPer(times: readonly number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let from = 0, to = 0; to < sorted.length; to++) {
    while ((sorted[to] as number) - (sorted[from] as number) >= ms) from++;
    peak = Math.max(peak, to - from + 1);
  }
  return peak;
}

describe('waiting on many tasks at once through batch queries (v3)', () => {
  it('250 concurrent waits share POST /tasks/list batches of up to 100 ids, under the caps, progress in order', async () => {
    const s = setup();
    const ids = await s.create(250, running);
    const durations = ids.map((_, i) => QUEUED_MS + running(i));
    const started = s.clock.now();
    const results = await waitAll(s, ids);

    for (const r of results) {
      expect(r.error).toBeUndefined();
      expect(r.task).toMatchObject({ taskId: r.taskId, status: 'success', progress: 100 });
      expect(r.task?.output.model).toBeTypeOf('string');
      expectOrderedProgress(r.progress);
      expect(r.progress.length).toBeGreaterThan(2);
    }

    // Every poll went out in a batch; no task needed a single read.
    const lists = s.lists();
    expect(s.reads()).toHaveLength(0);
    expect(lists.every((r) => r.status === 200)).toBe(true);
    const batches = s.sent.filter((r) => r.path.endsWith('/tasks/list'));
    expect(batches).toHaveLength(lists.length);
    const sizes = batches.map((b) => b.ids.length);
    expect(Math.max(...sizes)).toBe(100);
    expect(sizes.every((n) => n >= 1 && n <= 100)).toBe(true);
    for (const b of batches) expect(new Set(b.ids).size).toBe(b.ids.length);
    const polls = sizes.reduce((a, b) => a + b, 0);
    // Batches carry many polls each (about nine here; one would mean no batching at all).
    expect(polls / lists.length).toBeGreaterThan(5);

    // Per-task polling sends a request per poll, and a wait polls at least every 15 s from its first look
    // until it sees the end: a floor of Σ (floor(duration / 15 s) + 1) requests. Batching sends a third of that.
    const perTaskFloor = durations.reduce((sum, ms) => sum + Math.floor(ms / MAX_POLL_DELAY_MS) + 1, 0);
    expect(perTaskFloor).toBeGreaterThan(ids.length * 4);
    expect(polls).toBeGreaterThan(perTaskFloor);
    expect(lists.length * 3).toBeLessThan(perTaskFloor);

    // The client's caps (10 requests/s, 8 in flight) hold for batch queries too.
    expect(
      peakPer(
        s.sent.map((r) => r.at),
        1000,
      ),
    ).toBeLessThanOrEqual(10);
    expect(s.client.requestStats.maxInFlight).toBeLessThanOrEqual(8);
    // And waiting still notices the ends promptly: the last task ends 90 s after the start.
    expect(s.clock.now() - started).toBeLessThan(100_000);
  });

  it.each(['array', 'map'] as const)(
    'an id missing from a batch answer (%s form) is read on its own: that waiter gets not_found, the others finish',
    async (taskList) => {
      const s = setup('v3', {}, { v3: { taskList } });
      const ids = await s.create(20);
      const unknown = randomUUID();
      const results = await waitAll(s, [...ids.slice(0, 10), unknown, ...ids.slice(10)]);

      const lost = results.find((r) => r.taskId === unknown);
      expect(lost?.error).toMatchObject({ code: 'not_found', apiCode: 2001, taskId: unknown });
      for (const r of results.filter((r) => r.taskId !== unknown)) expect(r.task?.status).toBe('success');
      expect(s.sent.some((r) => r.ids.includes(unknown))).toBe(true);
      // Only the unknown id was read on its own, once (a 2001 is final); everything else stayed batched.
      expect(s.reads()).toEqual([expect.objectContaining({ path: `/v3/tasks/${unknown}`, status: 404 })]);
    },
  );

  it('a batch refused as a whole (400/1004) for one bad id: that id is read alone from then on, batching goes on', async () => {
    // The strict simulator refuses a whole batch holding an id that is no task id.
    const s = setup('v3', {}, { strictV3: true });
    const ids = await s.create(20);
    const bad = 'not-a-task-id';
    const results = await waitAll(s, [...ids.slice(0, 5), bad, ...ids.slice(5)]);

    expect(results.find((r) => r.taskId === bad)?.error).toMatchObject({ code: 'not_found', taskId: bad });
    for (const r of results.filter((r) => r.taskId !== bad)) expect(r.task?.status).toBe('success');
    const lists = s.lists();
    expect(lists[0]?.status).toBe(400);
    expect(lists.length).toBeGreaterThan(1);
    expect(lists.slice(1).every((r) => r.status === 200)).toBe(true);
    const batches = s.sent.filter((r) => r.path.endsWith('/tasks/list'));
    expect(batches.slice(1).some((b) => b.ids.includes(bad))).toBe(false);
    // The refused batch's ids were each read alone once; after that every poll was batched again.
    expect(s.reads()).toHaveLength(ids.length + 1);
  });

  it('a batch refused as a whole although every id reads fine alone ends batching: the route refuses batches', async () => {
    const s = setup('v3', { maxRetries: 0 });
    const ids = await s.create(6);
    server.use(
      http.post(`${s.sim.apiBase('v3')}/tasks/list`, () =>
        HttpResponse.json({ code: 1004, status: 'error', message: 'Invalid parameters.' }, { status: 400 }),
      ),
    );
    const results = await waitAll(s, ids);

    for (const r of results) expect(r.task?.status).toBe('success');
    expect(s.sent.filter((r) => r.path.endsWith('/tasks/list'))).toHaveLength(1);
    expect(s.reads().length).toBeGreaterThan(ids.length);
  });

  it('a batch failing with HTTP 500 falls back to single reads and every wait still finishes', async () => {
    const s = setup('v3', { maxRetries: 0 });
    const ids = await s.create(12);
    s.sim.fault({ kind: 'server-error', status: 500, on: 'list', times: 1 });
    const results = await waitAll(s, ids);

    for (const r of results) {
      expect(r.task?.status).toBe('success');
      expectOrderedProgress(r.progress);
    }
    const lists = s.lists();
    expect(lists[0]?.status).toBe(500);
    // The failed batch's ids were each read on their own, once; later polls were batched again.
    const firstBatch = s.sent.find((r) => r.path.endsWith('/tasks/list'));
    expect(firstBatch?.ids).toHaveLength(12);
    expect(
      s
        .reads()
        .map((r) => r.path)
        .sort(),
    ).toEqual(ids.map((id) => `/v3/tasks/${id}`).sort());
    expect(lists.slice(1).length).toBeGreaterThan(0);
    expect(lists.slice(1).every((r) => r.status === 200)).toBe(true);
  });

  it('batches failing every time stop being tried for a minute after three in a row; waits still finish', async () => {
    const s = setup('v3', { maxRetries: 0 });
    const ids = await s.create(12);
    s.sim.fault({ kind: 'server-error', status: 500, on: 'list', times: Number.POSITIVE_INFINITY });
    const results = await waitAll(s, ids);

    for (const r of results) expect(r.task?.status).toBe('success');
    expect(s.lists().every((r) => r.status === 500)).toBe(true);
    expect(s.reads().length).toBeGreaterThan(ids.length);
    // With no retries every list request is one batch. The third failure in a row pauses batching for 60 s.
    const lists = s.sent.filter((r) => r.path.endsWith('/tasks/list')).map((r) => r.at);
    expect(lists.length).toBeGreaterThanOrEqual(3);
    const third = lists[2] as number;
    expect(lists.filter((at) => at > third && at < third + 60_000)).toEqual([]);
    const minutes = (s.clock.now() - (lists[0] as number)) / 60_000;
    expect(lists.length).toBeLessThanOrEqual(3 + Math.ceil(minutes));
  });

  it('a route that answers 404 ends batching for the client: the waits go on with single reads', async () => {
    const s = setup();
    const ids = await s.create(6);
    server.use(
      http.post(`${s.sim.apiBase('v3')}/tasks/list`, () => new HttpResponse('Not Found', { status: 404 })),
    );
    const results = await waitAll(s, ids);

    for (const r of results) expect(r.task?.status).toBe('success');
    expect(s.sent.filter((r) => r.path.endsWith('/tasks/list'))).toHaveLength(1);
    expect(s.reads().length).toBeGreaterThan(ids.length);
  });

  it('aborting one waiter before its batch goes out drops its id; the others finish', async () => {
    const s = setup();
    const ids = await s.create(10);
    const controller = new AbortController();
    const [gone, ...kept] = ids as [string, ...string[]];
    const waiting = waitAll(s, ids, new Map([[gone, controller.signal]]));
    controller.abort();
    const results = await waiting;

    expect(results.find((r) => r.taskId === gone)?.error).toMatchObject({ code: 'aborted', taskId: gone });
    for (const r of results.filter((r) => r.taskId !== gone)) expect(r.task?.status).toBe('success');
    expect(s.sent.some((r) => r.ids.includes(gone) || r.path.endsWith(gone))).toBe(false);
    expect(s.sent.filter((r) => r.path.endsWith('/tasks/list'))[0]?.ids.sort()).toEqual([...kept].sort());
  });

  it('aborting one waiter while its batch is on the wire ends that wait only; the batch answers the rest', async () => {
    const s = setup();
    const ids = await s.create(3);
    s.sim.fault({ kind: 'slow', delayMs: 5_000, on: 'list', times: 1 });
    const controller = new AbortController();
    const [gone] = ids as [string];
    let abortedAt = 0;
    void s.clock.sleep(1_000).then(() => {
      abortedAt = s.clock.now();
      controller.abort();
    });
    const results = await waitAll(s, ids, new Map([[gone, controller.signal]]));

    // The aborted wait ended at once, not when the slow batch answered 5 s later.
    const lost = results.find((r) => r.taskId === gone);
    expect(lost?.error).toMatchObject({ code: 'aborted', taskId: gone });
    expect(lost?.at).toBe(abortedAt);
    for (const r of results.filter((r) => r.taskId !== gone)) expect(r.task?.status).toBe('success');
    const firstBatch = s.sent.find((r) => r.path.endsWith('/tasks/list'));
    expect(firstBatch?.ids).toHaveLength(3);
    expect(firstBatch?.at).toBeLessThan(abortedAt);
    // The slow batch was not cancelled: it answered, and the others' waits used it.
    expect(s.lists()[0]?.status).toBe(200);
    expect(s.reads()).toHaveLength(0);
  });

  it('getTask stays a single read, and batchPolling: false polls each task on its own', async () => {
    const s = setup('v3', { batchPolling: false });
    const ids = await s.create(4);
    expect((await s.client.getTask(ids[0] as string)).taskId).toBe(ids[0]);
    expect(s.reads()).toHaveLength(1);
    const results = await waitAll(s, ids);
    for (const r of results) expect(r.task?.status).toBe('success');
    expect(s.lists()).toHaveLength(0);
    expect(s.reads().length).toBeGreaterThan(ids.length * 2);
    expect(s.client.settings.batchPolling).toBe(false);
  });
});

describe('v2 keeps per-task polling', () => {
  it('waits read each task with GET /task/{id}; no batch route is tried', async () => {
    const s = setup('v2');
    expect(s.client.settings.batchPolling).toBe(false);
    const ids = await s.create(5);
    const results = await waitAll(s, ids);
    for (const r of results) {
      expect(r.task?.status).toBe('success');
      expectOrderedProgress(r.progress);
    }
    expect(s.sent.filter((r) => r.method === 'POST')).toHaveLength(0);
    expect(s.sim.requests.some((r) => /batch|list/.test(r.path))).toBe(false);
    expect(s.reads().length).toBeGreaterThan(ids.length * 2);
  });
});
