import { type Task, TERMINAL_STATUSES } from '../client/task.js';
import { TripoError } from '../errors.js';
import type { TaskWatch } from './types.js';

/** The part of a WebSocket the watch uses; Node 24's global `WebSocket` fits. */
export interface WebSocketLike {
  binaryType: string;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(code?: number, reason?: string): void;
}

/**
 * A WebSocket constructor that accepts headers for the upgrade request. Node 24's global `WebSocket`
 * (undici) does; browsers do not, which is why the watch is an injected, optional dependency.
 */
export type WebSocketConstructorLike = new (
  url: string,
  init: { headers?: Record<string, string> },
) => WebSocketLike;

/** Options of {@link createWebSocketTaskWatch}. */
export interface WebSocketTaskWatchOptions {
  /** The watch URL of a task, e.g. `wss://api.tripo3d.ai/v2/openapi/task/watch/<id>`. */
  url: (taskId: string) => string;
  /** Headers of the upgrade request: the `Authorization` header goes here and nowhere else. */
  headers?: Record<string, string>;
  /** Turns a frame's `data` (a v2 task object) into a normalised task; may throw on nonsense. */
  parseTask: (data: unknown) => Task;
  /** Default: the global `WebSocket`. */
  WebSocket?: WebSocketConstructorLike;
}

interface WatchFrame {
  event?: unknown;
  data?: unknown;
}

function frameText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(data);
  return undefined;
}

function parseFrame(data: unknown): WatchFrame | undefined {
  const text = frameText(data);
  if (text === undefined) return undefined;
  const value: unknown = JSON.parse(text);
  return typeof value === 'object' && value !== null ? (value as WatchFrame) : undefined;
}

/**
 * A {@link TaskWatch} over Tripo's v2 WebSocket (`/task/watch/{id}`, frames `{event, data}`): every
 * `update` goes to `onTask`; a `finalized` frame or a final status ends the watch. Fails (so the waiter
 * polls instead) when the socket errors, closes with the task still going, or sends a frame it cannot read.
 */
export function createWebSocketTaskWatch(options: WebSocketTaskWatchOptions): TaskWatch {
  return (taskId, onTask, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        resolve();
        return;
      }
      const Impl =
        options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructorLike | undefined);
      if (!Impl) {
        reject(
          new TripoError('config', 'No WebSocket implementation is available; polling instead.', { taskId }),
        );
        return;
      }
      let settled = false;
      const finish = (error?: TripoError): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        socket.close(1000);
        if (error) reject(error);
        else resolve();
      };
      const onAbort = (): void => finish();
      const socket = new Impl(options.url(taskId), { headers: options.headers });
      socket.binaryType = 'arraybuffer';
      signal.addEventListener('abort', onAbort, { once: true });

      socket.addEventListener('message', (event) => {
        if (settled) return;
        let task: Task | undefined;
        let finalized = false;
        try {
          const frame = parseFrame(event.data);
          if (frame?.data === undefined) return;
          finalized = frame.event === 'finalized';
          task = options.parseTask(frame.data);
        } catch (error) {
          finish(
            new TripoError('network', `The watch of task ${taskId} sent a frame that could not be read.`, {
              taskId,
              retryable: true,
              cause: error,
            }),
          );
          return;
        }
        onTask(task);
        if (finalized || TERMINAL_STATUSES.has(task.status)) finish();
      });
      socket.addEventListener('error', () =>
        finish(new TripoError('network', `The watch of task ${taskId} failed.`, { taskId, retryable: true })),
      );
      socket.addEventListener('close', () =>
        finish(
          new TripoError('network', `The watch of task ${taskId} closed before the task finished.`, {
            taskId,
            retryable: true,
          }),
        ),
      );
    });
}
