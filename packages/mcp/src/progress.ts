import type { Clock, ToolProgressEvent } from '@tripokit/core';
import { describeError, type Logger } from './log.js';

/** The default gap after which a silent wait repeats its last progress: under every client's time-out. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * The `_meta` key of each progress notification that carries the whole event (task id, status, ETA…);
 * `heartbeat: true` marks a repeat sent while nothing changed.
 */
export const PROGRESS_META_KEY = 'tripokit/progress';

/** The `params` of one `notifications/progress`, minus the token. */
export interface ProgressParams {
  progress: number;
  total: number;
  message: string;
  _meta: { [PROGRESS_META_KEY]: ToolProgressEvent & { heartbeat?: true } };
}

/** Options of {@link ProgressRelay}. */
export interface ProgressRelayOptions {
  /** Sends one notification; the relay calls it strictly in order, one at a time. */
  send: (params: ProgressParams) => Promise<void>;
  clock: Clock;
  heartbeatMs: number;
  logger: Logger;
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Progress stays below this until the call has succeeded: 100 means the work, download included, is done. */
const BELOW_DONE = 99;
/**
 * How far a notification that brings no new percent moves the value: a thousandth of a percent, on a clean
 * grid, so a whole percent lasts 999 heartbeats (over four hours at 15 s) before the steps start halving.
 */
const NUDGE = 0.001;
const GRID = 1_000_000;

/**
 * The value of the next notification: MCP wants `progress` to increase with every notification, so a
 * notification without a new percent (a status or message change, a heartbeat) creeps up by {@link NUDGE}
 * instead, halving the gap once the steps run out, and never reaches the next whole percent; the tool's
 * own 100 waits for the call to succeed. `undefined` when no higher number is left to send.
 */
export function nextProgressValue(last: number | undefined, target: number): number | undefined {
  const wanted = Math.min(BELOW_DONE, Math.max(0, target));
  if (last === undefined || wanted > last) return wanted;
  const whole = Math.floor(last) + 1;
  const stepped = Math.round((last + NUDGE) * GRID) / GRID;
  const next = stepped < whole ? stepped : last + (whole - last) / 2;
  return next > last && next < whole ? next : undefined;
}

/**
 * Turns a tool's progress events into MCP progress notifications: each status or progress change goes out
 * once, in order, with `total: 100`; while nothing changes, the last event is repeated every
 * `heartbeatMs` with a "still waiting" message, so clients that reset their time-out on progress keep
 * waiting. The notified `progress` strictly increases (see {@link nextProgressValue}) and reaches 100 only
 * when the call succeeds with its task done; `_meta` keeps the tool's own event, whose progress never goes
 * backwards.
 */
export class ProgressRelay {
  private queue: Promise<void> = Promise.resolve();
  private last: ToolProgressEvent | undefined;
  private sent: number | undefined;
  private lastSentAt: number;
  private readonly startedAt: number;
  private readonly stop = new AbortController();
  private heartbeat: Promise<void> | undefined;

  constructor(private readonly options: ProgressRelayOptions) {
    this.startedAt = options.clock.now();
    this.lastSentAt = this.startedAt;
  }

  /** Starts the heartbeat; call {@link close} when the tool call ends. */
  start(): void {
    this.heartbeat ??= this.beat();
  }

  /** Forwards one event from the tool's progress sink (core's: progress already within 0–100, never going back). */
  push(event: ToolProgressEvent): void {
    const previous = this.last;
    const next: ToolProgressEvent = { ...event, taskId: event.taskId ?? previous?.taskId };
    if (
      previous !== undefined &&
      previous.status === next.status &&
      previous.progress === next.progress &&
      previous.message === next.message
    ) {
      return;
    }
    this.last = next;
    this.send(next, nextProgressValue(this.sent, next.progress));
  }

  /**
   * Stops the heartbeat and resolves once every queued notification has been sent. When the call `succeeded`
   * with its task at 100 %, a last notification says so with `progress: 100`.
   */
  async close(outcome: { succeeded: boolean } = { succeeded: false }): Promise<void> {
    this.stop.abort();
    await this.heartbeat;
    const last = this.last;
    if (outcome.succeeded && last !== undefined && last.progress >= 100 && (this.sent ?? 0) < 100) {
      this.send(last, 100);
    }
    await this.queue;
  }

  private send(event: ToolProgressEvent & { heartbeat?: true }, value: number | undefined): void {
    this.lastSentAt = this.options.clock.now();
    if (value === undefined) return;
    this.sent = value;
    const params: ProgressParams = {
      progress: value,
      total: 100,
      message: event.message,
      _meta: { [PROGRESS_META_KEY]: event },
    };
    this.queue = this.queue
      .then(() => this.options.send(params))
      .catch((error: unknown) => this.options.logger.warn(`Progress not delivered: ${describeError(error)}`));
  }

  private async beat(): Promise<void> {
    const { clock, heartbeatMs } = this.options;
    const signal = this.stop.signal;
    while (!signal.aborted) {
      const wait = this.lastSentAt + heartbeatMs - clock.now();
      if (wait > 0) {
        await clock.sleep(wait, signal).catch(() => undefined);
        continue;
      }
      const last = this.last;
      const elapsed = seconds(clock.now() - this.startedAt);
      const event: ToolProgressEvent & { heartbeat: true } = {
        ...(last ?? { status: 'starting', progress: 0, message: 'Starting.' }),
        heartbeat: true,
        message: `Still waiting (${elapsed} so far). ${last?.message ?? 'Starting.'}`,
      };
      this.send(event, nextProgressValue(this.sent, event.progress));
    }
  }
}
