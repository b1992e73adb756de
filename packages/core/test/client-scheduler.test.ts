import { describe, expect, it } from 'vitest';
import { RequestScheduler } from '../src/client/scheduler.js';
import { type Clock, TripoClient } from '../src/index.js';
import { KEY, QUERY_PATH, simulate, useMswServer, VERSIONS } from './client-sim-helpers.js';

const server = useMswServer();

/** Wraps fetch to record, on the virtual clock, when each request starts and how many are in flight. */
function meter(clock: Clock): { fetch: typeof fetch; starts: number[]; maxInFlight: () => number } {
  let inFlight = 0;
  let max = 0;
  const starts: number[] = [];
  const metered: typeof fetch = async (input, init) => {
    inFlight++;
    max = Math.max(max, inFlight);
    starts.push(clock.now());
    try {
      return await fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  return { fetch: metered, starts, maxInFlight: () => max };
}

/** Most requests started within any window of `ms`. */
function maxInWindow(starts: number[], ms: number): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < sorted.length; hi++) {
    while ((sorted[hi] as number) - (sorted[lo] as number) >= ms) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

describe.each(VERSIONS)('shared request scheduler (%s)', (version) => {
  it('holds both caps under 1,000 concurrent getTask calls', async () => {
    const { sim, clock, count } = simulate(server, version);
    const creator = new TripoClient({
      apiKey: KEY,
      baseUrl: sim.apiBase(version),
      clock,
      env: {},
      maxRequestsPerSecond: 1000,
    });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++)
      ids.push((await creator.createTask({ type: 'text_to_image', prompt: `kite ${i}` })).taskId);

    const metered = meter(clock);
    const client = new TripoClient({
      apiKey: KEY,
      baseUrl: sim.apiBase(version),
      clock,
      env: {},
      fetch: metered.fetch,
      maxRequestsPerSecond: 50,
      maxConcurrentRequests: 6,
    });
    const started = clock.now();
    const tasks = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => client.getTask(ids[i % ids.length] as string)),
    );
    expect(tasks).toHaveLength(1000);
    expect(count(QUERY_PATH, 'GET')).toBe(1000);
    expect(metered.starts).toHaveLength(1000);
    expect(metered.maxInFlight()).toBeLessThanOrEqual(6);
    expect(maxInWindow(metered.starts, 1000)).toBeLessThanOrEqual(50);
    // 1,000 requests at 50/s need at least 19 s of (virtual) time.
    expect(clock.now() - started).toBeGreaterThanOrEqual(19_000);
    expect(client.requestStats).toMatchObject({ inFlight: 0, queued: 0, started: 1000 });
    expect(client.requestStats.maxInFlight).toBeLessThanOrEqual(6);
  });
});

describe('RequestScheduler', () => {
  function manualClock(): Clock & { advance(ms: number): void; sleepers: number } {
    let now = 0;
    const sleepers: { at: number; resolve: () => void }[] = [];
    return {
      now: () => now,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          sleepers.push({ at: now + ms, resolve });
        }),
      advance(ms) {
        now += ms;
        for (const s of sleepers.filter((x) => x.at <= now)) {
          sleepers.splice(sleepers.indexOf(s), 1);
          s.resolve();
        }
      },
      get sleepers() {
        return sleepers.length;
      },
    };
  }

  it('spaces starts by the per-second cap and keeps at most N in flight', async () => {
    const clock = manualClock();
    const scheduler = new RequestScheduler(clock, { maxRequestsPerSecond: 2, maxConcurrentRequests: 10 });
    const startedAt: number[] = [];
    const all = Promise.all(
      Array.from({ length: 5 }, () => scheduler.run(async () => startedAt.push(clock.now()))),
    );
    await Promise.resolve();
    expect(startedAt).toEqual([0, 0]);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(1000);
    }
    await all;
    expect(startedAt).toEqual([0, 0, 1000, 1000, 2000]);
  });

  it('a fractional rate means one start per 1/rate seconds', async () => {
    const clock = manualClock();
    const scheduler = new RequestScheduler(clock, { maxRequestsPerSecond: 0.5, maxConcurrentRequests: 10 });
    const startedAt: number[] = [];
    const all = Promise.all(
      Array.from({ length: 3 }, () => scheduler.run(async () => startedAt.push(clock.now()))),
    );
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setImmediate(r));
      clock.advance(1000);
    }
    await all;
    expect(startedAt).toEqual([0, 2000, 4000]);
  });

  it('a queued call whose signal aborts never runs and rejects as aborted', async () => {
    const clock = manualClock();
    const scheduler = new RequestScheduler(clock, { maxRequestsPerSecond: 100, maxConcurrentRequests: 1 });
    let release: () => void = () => undefined;
    const first = scheduler.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const second = scheduler.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort();
    // Nothing was sent: the same call may simply be made again.
    await expect(second).rejects.toMatchObject({ code: 'aborted', retryable: true });
    release();
    await first;
    expect(ran).toBe(false);
    expect(scheduler.stats).toMatchObject({ inFlight: 0, queued: 0, started: 1 });
  });
});
