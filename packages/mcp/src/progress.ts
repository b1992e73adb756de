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

/**
 * Turns a tool's progress events into MCP progress notifications: each status or progress change goes out
 * once, in order, with `total: 100`; while nothing changes, the last event is repeated every
 * `heartbeatMs` with a "still waiting" message, so clients that reset their time-out on progress keep
 * waiting. Progress never goes backwards.
 */
export class ProgressRelay {
  private queue: Promise<void> = Promise.resolve();
  private last: ToolProgressEvent | undefined;
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

  /** Forwards one event from the tool's progress sink. */
  push(event: ToolProgressEvent): void {
    const progress = Math.max(this.last?.progress ?? 0, Math.min(100, Math.max(0, event.progress)));
    const previous = this.last;
    const next: ToolProgressEvent = { ...event, progress, taskId: event.taskId ?? previous?.taskId };
    if (
      previous !== undefined &&
      previous.status === next.status &&
      previous.progress === next.progress &&
      previous.message === next.message
    ) {
      return;
    }
    this.last = next;
    this.enqueue({ progress, total: 100, message: next.message, _meta: { [PROGRESS_META_KEY]: next } });
  }

  /** Stops the heartbeat and resolves once every queued notification has been sent. */
  async close(): Promise<void> {
    this.stop.abort();
    await this.heartbeat;
    await this.queue;
  }

  private enqueue(params: ProgressParams): void {
    this.lastSentAt = this.options.clock.now();
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
      this.enqueue({
        progress: event.progress,
        total: 100,
        message: event.message,
        _meta: { [PROGRESS_META_KEY]: event },
      });
    }
  }
}
