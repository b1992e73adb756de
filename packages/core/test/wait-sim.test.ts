import { createTripoHandlers, FakeClock, TripoSimulator } from '@tripokit/testing';
import { describe, expect, it } from 'vitest';
import {
  type Clock,
  interpretTask,
  type Task,
  TripoClient,
  TripoWaitTimeoutError,
  waitForTask,
} from '../src/index.js';
import { UNKNOWN_STATUS_GRACE_MS } from '../src/status/interpret.js';
import { MAX_POLL_DELAY_MS, MIN_POLL_DELAY_MS } from '../src/status/poll-delay.js';
import { KEY, QUERY_PATH, simulate, useMswServer, VERSIONS } from './client-sim-helpers.js';

const server = useMswServer();

/** Records every pause while time itself stays with the simulator's clock. */
/** Records the sleeps that ran their full length: the pauses between polls (not the wait's deadline timer). */
function recording(clock: FakeClock): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => clock.now(),
    sleep: async (ms, signal) => {
      await clock.sleep(ms, signal);
      sleeps.push(ms);
    },
  };
}

describe.each(VERSIONS)('waiting through the simulator (%s)', (version) => {
  it('reports progress in order, never backwards, and returns the final task', async () => {
    const { client } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'a wooden boat' });
    const seen: Task[] = [];
    const task = await client.waitForTask(taskId, { onProgress: (t) => void seen.push(t) });
    expect(task.status).toBe('success');
    expect(seen.at(-1)?.status).toBe('success');
    expect(seen.map((t) => t.status).filter((s, i, all) => s !== all[i - 1])).toEqual(
      seen[0]?.status === 'queued' ? ['queued', 'running', 'success'] : ['running', 'success'],
    );
    const progress = seen.map((t) => t.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBeGreaterThan(2);
  });

  it('polls at adaptive, bounded intervals', async () => {
    const { client, clock, count } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'a marble column' });
    const timer = recording(clock);
    const started = clock.now();
    const task = await waitForTask(
      { getTask: (id, o) => client.getTask(id, o), clock: timer, random: () => 0.5 },
      taskId,
    );
    expect(task.status).toBe('success');
    expect(timer.sleeps.length).toBeGreaterThan(2);
    for (const ms of timer.sleeps) {
      expect(ms).toBeGreaterThanOrEqual(MIN_POLL_DELAY_MS);
      expect(ms).toBeLessThanOrEqual(MAX_POLL_DELAY_MS);
    }
    // Fewer polls than a fixed 2 s interval would need for the same stretch of time.
    const fixedPolls = (clock.now() - started) / 2_000;
    expect(count(QUERY_PATH, 'GET')).toBeLessThan(fixedPolls);
  });

  it.each([
    ['forbidden', 'banned', 'content_policy'],
    ['doomed', 'failed', 'server_error'],
    ['abandoned', 'cancelled', 'cancelled'],
  ])('a "%s" task is returned (not thrown) and reads as %s / %s', async (word, outcome, cause) => {
    const { client } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: `a ${word} vase` });
    const task = await client.waitForTask(taskId);
    expect(interpretTask(task)).toMatchObject({ outcome, cause, terminal: true });
  });

  it('an expired task reads as expired and retryable', async () => {
    const { client } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'a stale loaf' });
    const meaning = interpretTask(await client.waitForTask(taskId));
    expect(meaning).toMatchObject({ outcome: 'expired', cause: 'expired', terminal: true, retryable: true });
  });

  it('a task stuck in the queue hits the deadline with the last task seen', async () => {
    const { client, clock } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'a stuck anvil' });
    const started = clock.now();
    const error = await client.waitForTask(taskId, { timeoutMs: 90_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoWaitTimeoutError);
    expect(error).toMatchObject({ code: 'timeout', taskId, lastTask: { taskId, status: 'queued' } });
    expect(clock.now() - started).toBeGreaterThanOrEqual(90_000);
    expect(clock.now() - started).toBeLessThan(90_000 + MAX_POLL_DELAY_MS);
  });

  it('aborting mid-wait rejects with aborted and the task goes on', async () => {
    const { client } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'a tall tower' });
    const controller = new AbortController();
    const error = await client
      .waitForTask(taskId, {
        signal: controller.signal,
        onProgress: (t) => {
          if (t.status === 'running') controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'aborted', taskId });
    expect(await client.waitForTask(taskId)).toMatchObject({ status: 'success' });
  });

  it('an unknown status that clears is waited out', async () => {
    const { client } = simulate(server, version);
    const { taskId } = await client.createTask({ type: 'text_to_model', prompt: 'an uncertain shape' });
    const statuses: string[] = [];
    const task = await client.waitForTask(taskId, { onProgress: (t) => void statuses.push(t.status) });
    expect(statuses).toContain('unknown');
    expect(task.status).toBe('success');
  });

  it('an unknown status that never clears is returned after the grace period', async () => {
    const { sim, client, clock } = simulate(server, version);
    sim.script(
      { type: 'text_to_image' },
      { status: 'novel', value: 'moderating', queuedMs: 0, runningMs: 1_000 },
    );
    const { taskId } = await client.createTask({ type: 'text_to_image', prompt: 'a blue kite' });
    const started = clock.now();
    const task = await client.waitForTask(taskId, { timeoutMs: 30 * 60_000 });
    expect(task).toMatchObject({ status: 'unknown', rawStatus: 'moderating' });
    expect(clock.now() - started).toBeGreaterThanOrEqual(UNKNOWN_STATUS_GRACE_MS);
    expect(interpretTask(task, { elapsedMs: clock.now() - started }).terminal).toBe(true);
  });
});

describe('waiting at scale', () => {
  it('1,000 concurrent waits on one client finish', async () => {
    const clock = new FakeClock();
    const sim = new TripoSimulator({ clock, apiKey: KEY, initialBalance: 1_000_000 });
    server.use(...createTripoHandlers(sim));
    const client = new TripoClient({
      apiKey: KEY,
      baseUrl: sim.apiBase('v3'),
      clock,
      env: {},
      webSocket: false,
    });
    const ids = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) =>
        client.createTask({ type: 'text_to_image', prompt: `kite ${i}` }).then((r) => r.taskId),
      ),
    );
    const createdAt = sim.requests.length;
    const done = await Promise.all(ids.map((id) => client.waitForTask(id, { timeoutMs: 60 * 60_000 })));
    expect(done.every((t) => t.status === 'success')).toBe(true);
    // Polls go out one id per GET or many per batch query (v3's default): count the task snapshots asked for.
    const reads = sim.requests.slice(createdAt).filter((r) => r.taskIds !== undefined);
    const polls = reads.reduce((sum, r) => sum + (r.taskIds?.length ?? 0), 0);
    expect(polls).toBeGreaterThanOrEqual(ids.length);
    expect(polls / ids.length).toBeLessThan(30);
    expect(reads.length).toBeLessThan(ids.length);
  }, 60_000);
});
