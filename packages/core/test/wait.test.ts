import { describe, expect, it } from 'vitest';
import {
  type Clock,
  type Task,
  type TaskInterpretation,
  TripoError,
  TripoWaitTimeoutError,
  waitForTask,
} from '../src/index.js';
import { UNKNOWN_STATUS_GRACE_MS } from '../src/status/interpret.js';
import { MAX_POLL_DELAY_MS, MIN_POLL_DELAY_MS } from '../src/status/poll-delay.js';
import type { TaskWatch } from '../src/wait/types.js';

/**
 * Virtual time: sleepers wake in the order of their wake times; once pending I/O and pushes have had a few
 * macrotasks to settle, time jumps to the earliest one. `sleeps` lists the sleeps that ran their full length
 * (a wait's deadline timer, cleared when the wait ends, is not among them). Nothing waits for real.
 */
class TestClock implements Clock {
  time = 0;
  readonly sleeps: number[] = [];
  #sleepers: { wakeAt: number; seq: number; wake(): void }[] = [];
  #seq = 0;
  #generation = 0;

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const sleeper = {
        wakeAt: this.time + Math.max(0, ms),
        seq: this.#seq++,
        wake: (): void => {
          signal?.removeEventListener('abort', onAbort);
          this.sleeps.push(ms);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      this.#schedule();
    });
  }

  /** (Re)starts the countdown to the next jump: a new sleeper means activity, so settling starts over. */
  #schedule(): void {
    const generation = ++this.#generation;
    const hop = (left: number): void => {
      setImmediate(() => {
        if (generation !== this.#generation) return;
        if (left > 0) return hop(left - 1);
        const next = [...this.#sleepers].sort((a, b) => a.wakeAt - b.wakeAt || a.seq - b.seq)[0];
        if (!next) return;
        this.time = Math.max(this.time, next.wakeAt);
        this.#sleepers = this.#sleepers.filter((s) => s !== next);
        next.wake();
        if (this.#sleepers.length > 0) this.#schedule();
      });
    };
    hop(3);
  }
}

const ID = 'task-abc';

function snapshot(overrides: Partial<Task>): Task {
  return {
    taskId: ID,
    type: 'text_to_model',
    status: 'running',
    rawStatus: overrides.status ?? 'running',
    progress: 0,
    output: {},
    ...overrides,
  };
}

/** A task that queues for `queueMs`, runs `runMs` with linear progress and an ETA, then ends as `end`. */
function timeline(
  clock: Clock,
  options: { queueMs?: number; runMs?: number; end?: Partial<Task>; eta?: boolean } = {},
) {
  const start = clock.now();
  const queueMs = options.queueMs ?? 5_000;
  const runMs = options.runMs ?? 60_000;
  return (): Task => {
    const t = clock.now() - start;
    if (t < queueMs) return snapshot({ status: 'queued', progress: 0, queuePosition: 2 });
    if (t < queueMs + runMs) {
      const progress = Math.floor(((t - queueMs) / runMs) * 100);
      const eta = options.eta === false ? undefined : Math.ceil((queueMs + runMs - t) / 1000);
      return snapshot({ status: 'running', progress, etaSeconds: eta });
    }
    return snapshot({
      status: 'success',
      progress: 100,
      output: { model: 'https://files.test/m.glb' },
      ...options.end,
    });
  };
}

function deps(clock: TestClock, next: () => Task, extra: { random?: () => number; watch?: TaskWatch } = {}) {
  const stats = { calls: 0 };
  return {
    stats,
    deps: {
      clock,
      random: extra.random ?? (() => 0.5),
      watch: extra.watch,
      getTask: async (taskId: string) => {
        expect(taskId).toBe(ID);
        stats.calls += 1;
        return next();
      },
    },
  };
}

function sequence(...tasks: Task[]): () => Task {
  let i = 0;
  return () => tasks[Math.min(i++, tasks.length - 1)] as Task;
}

describe('waitForTask: outcomes', () => {
  it.each([
    { end: { status: 'success' as const }, outcome: 'success' },
    { end: { status: 'failed' as const, errorCode: 1001, progress: 60 }, outcome: 'failed' },
    { end: { status: 'banned' as const, progress: 10 }, outcome: 'banned' },
    { end: { status: 'expired' as const }, outcome: 'expired' },
    { end: { status: 'cancelled' as const }, outcome: 'cancelled' },
  ])('resolves (does not throw) with a $outcome task', async ({ end, outcome }) => {
    const clock = new TestClock();
    const { deps: d } = deps(clock, timeline(clock, { end: { ...end, rawStatus: end.status } }));
    const task = await waitForTask(d, ID);
    expect(task.status).toBe(outcome);
    expect(task.taskId).toBe(ID);
  });

  it('returns at once for a task that is already final, without sleeping', async () => {
    const clock = new TestClock();
    const { deps: d, stats } = deps(clock, () => snapshot({ status: 'success', progress: 100 }));
    await expect(waitForTask(d, ID)).resolves.toMatchObject({ status: 'success' });
    expect(clock.sleeps).toEqual([]);
    expect(stats.calls).toBe(1);
  });
});

describe('waitForTask: progress events', () => {
  it('reports every change once, in order, never backwards', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(
      clock,
      sequence(
        snapshot({ status: 'queued', progress: 0, queuePosition: 3 }),
        snapshot({ status: 'queued', progress: 0, queuePosition: 3 }),
        snapshot({ status: 'running', progress: 10 }),
        snapshot({ status: 'running', progress: 30 }),
        snapshot({ status: 'running', progress: 20 }), // stale replica: lower progress
        snapshot({ status: 'queued', progress: 0 }), // stale replica: earlier phase
        snapshot({ status: 'running', progress: 30 }),
        snapshot({ status: 'running', progress: 70 }),
        snapshot({ status: 'success', progress: 100, output: { model: 'https://files.test/m.glb' } }),
      ),
    );
    const seen: Array<[string, number, string]> = [];
    const result = await waitForTask(d, ID, {
      onProgress: (task: Task, meaning: TaskInterpretation) => {
        seen.push([task.status, task.progress, meaning.outcome]);
      },
    });
    expect(result.status).toBe('success');
    expect(seen).toEqual([
      ['queued', 0, 'queued'],
      ['running', 10, 'running'],
      ['running', 30, 'running'],
      ['running', 70, 'running'],
      ['success', 100, 'success'],
    ]);
  });

  it('carries the highest progress into a status change that reports less', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(
      clock,
      sequence(
        snapshot({ status: 'running', progress: 80 }),
        snapshot({ status: 'failed', progress: 0, errorCode: 1001 }),
      ),
    );
    const progress: number[] = [];
    const final = await waitForTask(d, ID, { onProgress: (t) => void progress.push(t.progress) });
    expect(progress).toEqual([80, 80]);
    expect(final.status).toBe('failed');
  });

  it('keeps waiting when the progress listener throws or rejects', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(clock, timeline(clock, { runMs: 10_000 }));
    let calls = 0;
    const final = await waitForTask(d, ID, {
      onProgress: (t) => {
        calls += 1;
        if (t.progress % 2 === 0) throw new Error('sink closed');
        return Promise.reject(new Error('sink closed'));
      },
    });
    expect(final.status).toBe('success');
    expect(calls).toBeGreaterThan(2);
  });
});

describe('waitForTask: pacing', () => {
  it('keeps every pause within 1–15 s and follows the ETA', async () => {
    const clock = new TestClock();
    const { deps: d, stats } = deps(clock, timeline(clock, { queueMs: 3_000, runMs: 200_000 }));
    await waitForTask(d, ID);
    expect(clock.sleeps.length).toBeGreaterThan(3);
    for (const ms of clock.sleeps) {
      expect(ms).toBeGreaterThanOrEqual(MIN_POLL_DELAY_MS);
      expect(ms).toBeLessThanOrEqual(MAX_POLL_DELAY_MS);
    }
    // Long ETA early on: long pauses; short ETA at the end: short ones.
    expect(Math.max(...clock.sleeps)).toBe(MAX_POLL_DELAY_MS);
    expect(clock.sleeps.at(-1)).toBeLessThan(MAX_POLL_DELAY_MS);
    // A 203 s task needs far fewer polls than a fixed 2 s interval would (100).
    expect(stats.calls).toBeLessThan(40);
  });

  it('estimates from the progress rate when there is no ETA', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(clock, timeline(clock, { queueMs: 0, runMs: 400_000, eta: false }));
    await waitForTask(d, ID, { timeoutMs: 3_600_000 });
    // Once a rate is known, a 400 s job is polled at the upper bound, not at the 2 s default…
    expect(clock.sleeps.slice(2, 12)).toEqual(Array(10).fill(MAX_POLL_DELAY_MS));
    // …and more often as the estimated end nears.
    expect(clock.sleeps.at(-1)).toBeLessThan(5_000);
    expect(clock.sleeps.length).toBeLessThan(60);
  });

  it('aims one read at the expected end once it is near, whatever the jitter', async () => {
    const pauses = await Promise.all(
      [0, 0.5, 0.999].map(async (r) => {
        const clock = new TestClock();
        const { deps: d, stats } = deps(
          clock,
          sequence(snapshot({ progress: 97, etaSeconds: 3 }), snapshot({ status: 'success', progress: 100 })),
          { random: () => r },
        );
        await waitForTask(d, ID);
        expect(stats.calls).toBe(2);
        return clock.sleeps;
      }),
    );
    expect(pauses).toEqual([[3_000], [3_000], [3_000]]);
  });

  it('aims earlier by the time reads take, keeping reads at least 1 s apart', async () => {
    const clock = new TestClock();
    const next = sequence(
      snapshot({ progress: 80, etaSeconds: 12 }),
      snapshot({ progress: 85, etaSeconds: 8 }),
      snapshot({ progress: 97, etaSeconds: 2 }),
      snapshot({ progress: 99, etaSeconds: 1 }),
      snapshot({ status: 'success', progress: 100 }),
    );
    const readAt: number[] = [];
    const { deps: d } = deps(clock, () => {
      clock.time += 250; // a batch window, a queue for a slot, the network
      readAt.push(clock.time);
      return next();
    });
    await waitForTask(d, ID);
    // A third of 12 s and of 8 s (no latency known yet, then 250 ms seen), then aimed: 2 s less 250 ms,
    // then the 1 s floor between reads, less 250 ms.
    expect(clock.sleeps).toEqual([4_000, 2_667, 1_750, 750]);
    for (let i = 1; i < readAt.length; i++) {
      expect((readAt[i] as number) - (readAt[i - 1] as number)).toBeGreaterThanOrEqual(MIN_POLL_DELAY_MS);
    }
  });

  it('backs off from a task that sits at the same progress and estimate near its end', async () => {
    const clock = new TestClock();
    const stuck = Array.from({ length: 8 }, () => snapshot({ progress: 99, etaSeconds: 1 }));
    const { deps: d } = deps(clock, sequence(...stuck, snapshot({ status: 'success', progress: 100 })));
    await waitForTask(d, ID);
    // Aimed at the end once; then the estimate is stale and the pauses stretch 1.5x each, up to 6 times.
    expect(clock.sleeps).toEqual([1_000, 1_500, 2_250, 3_375, 5_063, 7_594, 11_391, 11_391]);
  });

  it('jitters deterministically with the injected random source', async () => {
    const runs = await Promise.all(
      [0, 0.5, 0.999].map(async (r) => {
        const clock = new TestClock();
        const { deps: d } = deps(
          clock,
          sequence(snapshot({ etaSeconds: 30, progress: 5 }), snapshot({ status: 'success' })),
          {
            random: () => r,
          },
        );
        await waitForTask(d, ID);
        return clock.sleeps[0] as number;
      }),
    );
    // A third of 30 s, ±20 %.
    expect(runs[0]).toBe(8_000);
    expect(runs[1]).toBe(10_000);
    expect(runs[2]).toBeCloseTo(12_000, -1);
  });

  it('1,000 concurrent waits finish without a polling storm', async () => {
    const clock = new TestClock();
    let polls = 0;
    let seed = 1;
    const random = (): number => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const tasks = Array.from({ length: 1_000 }, (_, i) =>
      timeline(clock, { queueMs: (i % 10) * 1_000, runMs: 30_000 + (i % 7) * 10_000 }),
    );
    const results = await Promise.all(
      tasks.map((next) =>
        waitForTask(
          {
            clock,
            random,
            getTask: async () => {
              polls += 1;
              return next();
            },
          },
          ID,
        ),
      ),
    );
    expect(results.every((t) => t.status === 'success')).toBe(true);
    expect(polls / results.length).toBeLessThan(25);
  });
});

describe('waitForTask: deadline, abort and errors', () => {
  it('rejects at the deadline with the last task seen, without overshooting it', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(clock, timeline(clock, { runMs: 600_000 }));
    const error = await waitForTask(d, ID, { timeoutMs: 40_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoWaitTimeoutError);
    const timeout = error as TripoWaitTimeoutError;
    expect(timeout.code).toBe('timeout');
    expect(timeout.taskId).toBe(ID);
    expect(timeout.lastTask?.status).toBe('running');
    expect(timeout.lastTask?.progress).toBeGreaterThan(0);
    expect(clock.now()).toBe(40_000);
  });

  it('rejects with aborted (task goes on) when the signal aborts mid-wait', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(clock, timeline(clock));
    const controller = new AbortController();
    const waiting = waitForTask(d, ID, {
      signal: controller.signal,
      onProgress: (t) => {
        if (t.status === 'running') controller.abort();
      },
    });
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'aborted', taskId: ID });
    expect((error as TripoError).message).toMatch(/goes on/);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const clock = new TestClock();
    const { deps: d, stats } = deps(clock, timeline(clock));
    await expect(waitForTask(d, ID, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'aborted',
    });
    expect(stats.calls).toBe(0);
  });

  it('passes on a typed getTask error, naming the task', async () => {
    const clock = new TestClock();
    let n = 0;
    const error = await waitForTask(
      {
        clock,
        getTask: async () => {
          n += 1;
          if (n < 3) return snapshot({ status: 'running', progress: n * 10 });
          throw new TripoError('server', 'Tripo kept failing.', { httpStatus: 503, retryable: true });
        },
      },
      ID,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'server', httpStatus: 503, taskId: ID, retryable: true });
  });
});

describe('waitForTask: unknown status', () => {
  it('polls an unknown status for a bounded time, then resolves with it', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(clock, () => snapshot({ status: 'unknown', rawStatus: 'limbo', progress: 40 }));
    const meanings: TaskInterpretation[] = [];
    const task = await waitForTask(d, ID, {
      timeoutMs: 3_600_000,
      onProgress: (_t, m) => void meanings.push(m),
    });
    expect(task.status).toBe('unknown');
    expect(clock.now()).toBeGreaterThanOrEqual(UNKNOWN_STATUS_GRACE_MS);
    expect(clock.now()).toBeLessThan(UNKNOWN_STATUS_GRACE_MS + MAX_POLL_DELAY_MS * 2);
    expect(meanings[0]?.terminal).toBe(false);
  });

  it('an unknown status that recovers ends normally', async () => {
    const clock = new TestClock();
    const { deps: d } = deps(
      clock,
      sequence(
        snapshot({ status: 'running', progress: 20 }),
        snapshot({ status: 'unknown', rawStatus: 'unknown', progress: 0 }),
        snapshot({ status: 'running', progress: 60 }),
        snapshot({ status: 'success', progress: 100 }),
      ),
    );
    await expect(waitForTask(d, ID, { unknownGraceMs: 60_000 })).resolves.toMatchObject({
      status: 'success',
    });
  });
});

describe('waitForTask: push watch', () => {
  it('follows the watch without polling while it talks', async () => {
    const clock = new TestClock();
    const watch: TaskWatch = async (taskId, onTask) => {
      expect(taskId).toBe(ID);
      for (const progress of [10, 40, 40, 90]) {
        await new Promise((r) => setImmediate(r));
        onTask(snapshot({ status: 'running', progress }));
      }
      onTask(snapshot({ status: 'success', progress: 100 }));
    };
    const { deps: d, stats } = deps(clock, () => snapshot({ status: 'queued' }), { watch });
    const seen: number[] = [];
    const task = await waitForTask(d, ID, { onProgress: (t) => void seen.push(t.progress) });
    expect(task.status).toBe('success');
    expect(seen).toEqual([0, 10, 40, 90, 100]);
    expect(stats.calls).toBe(1); // the initial look only
  });

  it('falls back to polling when the watch fails', async () => {
    const clock = new TestClock();
    const watch: TaskWatch = async () => {
      throw new TripoError('network', 'no socket');
    };
    const { deps: d, stats } = deps(clock, timeline(clock, { runMs: 20_000 }), { watch });
    await expect(waitForTask(d, ID)).resolves.toMatchObject({ status: 'success' });
    expect(stats.calls).toBeGreaterThan(2);
  });

  it('polls to confirm when the watch goes silent, and stops the watch when done', async () => {
    const clock = new TestClock();
    let stopped = false;
    const watch: TaskWatch = (_id, onTask, signal) =>
      new Promise<void>((resolve) => {
        onTask(snapshot({ status: 'running', progress: 5 }));
        signal.addEventListener('abort', () => {
          stopped = true;
          resolve();
        });
      });
    const { deps: d } = deps(clock, timeline(clock, { queueMs: 0, runMs: 40_000 }), { watch });
    await expect(waitForTask(d, ID)).resolves.toMatchObject({ status: 'success' });
    expect(stopped).toBe(true);
    expect(clock.sleeps.every((ms) => ms === MAX_POLL_DELAY_MS)).toBe(true);
  });

  it('aborting stops the watch too', async () => {
    const clock = new TestClock();
    let watchSignal: AbortSignal | undefined;
    const controller = new AbortController();
    const watch: TaskWatch = (_id, onTask, signal) => {
      watchSignal = signal;
      setImmediate(() => onTask(snapshot({ status: 'running', progress: 50 })));
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    };
    const { deps: d } = deps(clock, () => snapshot({ status: 'queued' }), { watch });
    const waiting = waitForTask(d, ID, {
      signal: controller.signal,
      onProgress: (t) => {
        if (t.progress === 50) controller.abort();
      },
    });
    await expect(waiting).rejects.toMatchObject({ code: 'aborted', taskId: ID });
    expect(watchSignal?.aborted).toBe(true);
  });
});
