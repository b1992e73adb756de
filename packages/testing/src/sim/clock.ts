/**
 * The simulator's sense of time. Task states are computed from `now()`, so whoever owns the clock owns the
 * timeline: a {@link FakeClock} in unit tests, a {@link ScaledClock} (real time × speed) in the HTTP server.
 */
export interface SimClock {
  /** Current (virtual) time in epoch milliseconds. */
  now(): number;
  /** Resolves once `ms` of this clock's time has passed; rejects with an AbortError if `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** How many clock milliseconds pass per real millisecond (1 for a fake clock). */
  readonly speed?: number;
}

/** 2026-01-01T00:00:00Z: a fixed default start so `created_at` values are reproducible in tests. */
export const DEFAULT_FAKE_START = Date.UTC(2026, 0, 1);

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

interface Sleeper {
  wakeAt: number;
  seq: number;
  resolve(): void;
  reject(reason: unknown): void;
  dispose(): void;
}

/** Options of {@link FakeClock}. */
export interface FakeClockOptions {
  /** Initial virtual time (epoch ms). Default {@link DEFAULT_FAKE_START}. */
  start?: number;
  /**
   * When true (default), a pending `sleep` makes the clock jump to the earliest wake time once the event loop
   * has had a few macrotasks to settle, so code that polls with this clock finishes instantly.
   */
  autoAdvance?: boolean;
}

/** Macrotask hops before an auto-advance, so in-flight fetches and msw handlers settle first. */
const SETTLE_HOPS = 3;

/**
 * A virtual-time clock. `sleep()` never waits for real time: sleepers wake when virtual time reaches their
 * wake time, either because a test calls {@link FakeClock.advance} or, with `autoAdvance`, because every
 * pending sleeper is waiting and the clock jumps to the earliest wake time on a later macrotask.
 */
export class FakeClock implements SimClock {
  readonly speed = 1;
  #now: number;
  #sleepers: Sleeper[] = [];
  #seq = 0;
  #autoAdvance: boolean;
  #scheduled = false;

  constructor(options: FakeClockOptions = {}) {
    this.#now = options.start ?? DEFAULT_FAKE_START;
    this.#autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.#now;
  }

  /** Number of sleepers still waiting. */
  get pendingSleepers(): number {
    return this.#sleepers.length;
  }

  /** Moves virtual time forward by `ms` and wakes every sleeper that is due, earliest first. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError('FakeClock.advance: ms must be a non-negative number');
    this.#now += ms;
    this.#wakeDue();
  }

  /** Sets virtual time (never backwards) and wakes the sleepers that are due. */
  setTime(epochMs: number): void {
    if (epochMs < this.#now) throw new RangeError('FakeClock.setTime: time cannot go backwards');
    this.#now = epochMs;
    this.#wakeDue();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(abortError(signal as AbortSignal));
      };
      const sleeper: Sleeper = {
        wakeAt: this.#now + Math.max(0, ms),
        seq: this.#seq++,
        resolve,
        reject,
        dispose: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#sleepers.push(sleeper);
      if (sleeper.wakeAt <= this.#now) this.#wakeDue();
      else this.#scheduleAutoAdvance();
    });
  }

  #wakeDue(): void {
    const due = this.#sleepers
      .filter((s) => s.wakeAt <= this.#now)
      .sort((a, b) => a.wakeAt - b.wakeAt || a.seq - b.seq);
    if (due.length === 0) return;
    this.#sleepers = this.#sleepers.filter((s) => s.wakeAt > this.#now);
    for (const s of due) {
      s.dispose();
      s.resolve();
    }
  }

  #scheduleAutoAdvance(): void {
    if (!this.#autoAdvance || this.#scheduled) return;
    this.#scheduled = true;
    const hop = (left: number): void => {
      setImmediate(() => {
        if (left > 1) return hop(left - 1);
        this.#scheduled = false;
        const earliest = Math.min(...this.#sleepers.map((s) => s.wakeAt));
        if (!Number.isFinite(earliest)) return;
        if (earliest > this.#now) this.#now = earliest;
        this.#wakeDue();
        if (this.#sleepers.length > 0) this.#scheduleAutoAdvance();
      });
    };
    hop(SETTLE_HOPS);
  }
}

/** Options of {@link ScaledClock}. */
export interface ScaledClockOptions {
  /** Clock milliseconds per real millisecond; 10 makes a 60 s task take 6 s. Default 1. */
  speed?: number;
}

/** Real time sped up by a factor: what the HTTP server face uses. */
export class ScaledClock implements SimClock {
  readonly speed: number;
  readonly #epoch = Date.now();
  readonly #origin = performance.now();

  constructor(options: ScaledClockOptions = {}) {
    const speed = options.speed ?? 1;
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('ScaledClock: speed must be > 0');
    this.speed = speed;
  }

  now(): number {
    return this.#epoch + (performance.now() - this.#origin) * this.speed;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortError(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms) / this.speed);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
