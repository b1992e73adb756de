import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, FakeClock, ScaledClock, TripoSimulator } from '../src/index.js';

describe('FakeClock', () => {
  it('wakes sleepers in wake-time order when advanced by hand', async () => {
    const clock = new FakeClock({ start: 1000, autoAdvance: false });
    const woke: string[] = [];
    const a = clock.sleep(500).then(() => woke.push(`a@${clock.now()}`));
    const b = clock.sleep(200).then(() => woke.push(`b@${clock.now()}`));
    clock.advance(100);
    await Promise.resolve();
    expect(woke).toEqual([]);
    expect(clock.pendingSleepers).toBe(2);
    clock.advance(400);
    await Promise.all([a, b]);
    expect(woke).toEqual(['b@1500', 'a@1500']);
  });

  it('auto-advances to the earliest wake time, so a polling loop finishes instantly', async () => {
    const clock = new FakeClock();
    const start = clock.now();
    const realStart = performance.now();
    for (let i = 0; i < 50; i++) await clock.sleep(60_000);
    expect(clock.now() - start).toBe(50 * 60_000);
    expect(performance.now() - realStart).toBeLessThan(2000);
  });

  it('jumps only as far as the earliest of several sleepers', async () => {
    const clock = new FakeClock({ start: 0 });
    const times: number[] = [];
    await Promise.all([
      clock.sleep(3000).then(() => times.push(clock.now())),
      clock.sleep(1000).then(() => times.push(clock.now())),
    ]);
    expect(times).toEqual([1000, 3000]);
  });

  it('rejects with an AbortError when the signal aborts, and at once if already aborted', async () => {
    const clock = new FakeClock({ autoAdvance: false });
    const ctrl = new AbortController();
    const pending = clock.sleep(10_000, ctrl.signal);
    ctrl.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.pendingSleepers).toBe(0);
    await expect(clock.sleep(1, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses to go backwards', () => {
    const clock = new FakeClock({ start: 10 });
    expect(() => clock.setTime(5)).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe('ScaledClock', () => {
  it('runs simulated time faster than real time', async () => {
    const clock = new ScaledClock({ speed: 100 });
    const t0 = clock.now();
    await clock.sleep(2000);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(1900);
    expect(() => new ScaledClock({ speed: 0 })).toThrow(RangeError);
  });

  it('makes the simulator report running_left_time in real seconds at the given speed', async () => {
    const sim = new TripoSimulator({ clock: new ScaledClock({ speed: 10 }) });
    const headers = { authorization: 'Bearer tsk_x', 'content-type': 'application/json' };
    const created = await sim.handle(
      new Request(`${sim.apiBase('v3')}/generation/text-to-model`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ prompt: 'a cube' }),
      }),
    );
    const id = (await created.json()).data.task_id;
    const task = (
      await (await sim.handle(new Request(`${sim.apiBase('v3')}/tasks/${id}`, { headers }))).json()
    ).data;
    const totalSeconds = (DEFAULT_TIMING.queuedMs + DEFAULT_TIMING.modelMs) / 1000;
    expect(task.running_left_time).toBe(Math.ceil(totalSeconds / 10));
  });
});
