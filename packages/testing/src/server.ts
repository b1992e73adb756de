import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import { listenHttp } from './listen.js';
import { ScaledClock, type SimClock } from './sim/clock.js';
import { TripoSimulator, type TripoSimulatorOptions } from './sim/simulator.js';
import type { Dialect } from './sim/types.js';

/** Options of {@link startTripoSimulator}. */
export interface StartTripoSimulatorOptions extends Omit<TripoSimulatorOptions, 'origin' | 'clock'> {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind. Default `127.0.0.1` (loopback only). */
  host?: string;
  /** Dialect of `apiBase` and of errors outside both prefixes. Default `v3`. */
  apiVersion?: Dialect;
  /** Simulated time per real time; 10 makes a one-minute generation take six seconds. Default 1. */
  speed?: number;
  /** Overrides the real-time clock built from `speed` (e.g. a FakeClock in tests). */
  clock?: SimClock;
  /** Real milliseconds between WebSocket watch checks. Default 100. */
  watchIntervalMs?: number;
}

/** A running loopback simulator. */
export interface RunningTripoSimulator {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Base URL of the chosen dialect (`${url}/v3` or `${url}/v2/openapi`). */
  apiBase: string;
  sim: TripoSimulator;
  close(): Promise<void>;
}

/** Most of an unread request body the server discards before it gives up and drops the connection. */
const DRAIN_LIMIT = 64 << 20;

/** A pull-based web stream over a request body, so the rest can be drained after an early answer. */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => controller.close());
        req.once('error', (err) => controller.error(err));
        req.pause();
      },
      pull() {
        req.resume();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/**
 * Discards what is left of a request body (the simulator answered early, e.g. 413), so the client can finish
 * sending and read the answer; past {@link DRAIN_LIMIT} the connection is dropped instead.
 */
function drain(req: IncomingMessage): void {
  if (req.complete) return;
  req.removeAllListeners('data');
  let seen = 0;
  req.on('data', (chunk: Buffer) => {
    seen += chunk.byteLength;
    if (seen > DRAIN_LIMIT) req.socket.destroy();
  });
  req.resume();
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const url = new URL(req.url ?? '/', req.headers.host ? `http://${req.headers.host}` : origin);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = bodyStream(req);
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  try {
    for await (const chunk of response.body) {
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch {
    // The body stream failed mid-way (a truncated-download fault): drop the connection like a real host.
    res.destroy();
  }
}

function rawHttpError(socket: Socket, response: Response, body: string): void {
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? ''}`];
  response.headers.forEach((value, name) => {
    lines.push(`${name}: ${value}`);
  });
  lines.push(`content-length: ${Buffer.byteLength(body)}`, 'connection: close', '', body);
  socket.end(lines.join('\r\n'));
}

/**
 * Starts the simulator as a loopback HTTP server serving both dialects (`/v3/...`, `/v2/openapi/...`), the
 * file host (`/files/...`) and the v2 WebSocket watch (`/v2/openapi/task/watch/{id}`). Socket-level faults
 * (resets, truncated bodies) really drop the connection.
 */
export async function startTripoSimulator(
  options: StartTripoSimulatorOptions = {},
): Promise<RunningTripoSimulator> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const bound = await listenHttp(server, options.port ?? 0, host);
  // A server bound to every interface is reached through loopback.
  const origin = bound.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
  const { port: _p, host: _h, speed, watchIntervalMs, ...simOptions } = options;
  const sim = new TripoSimulator({
    ...simOptions,
    origin,
    clock: options.clock ?? new ScaledClock({ speed: speed ?? 1 }),
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    void (async () => {
      const response = await sim.handle(toRequest(req, origin, abort.signal));
      if (response.type === 'error') {
        req.socket.destroy();
        return;
      }
      drain(req);
      await writeResponse(response, res);
    })().catch(() => res.destroy());
  });

  const wss = new WebSocketServer({ noServer: true });
  const timers = new Set<NodeJS.Timeout>();
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const opened = sim.openWatch(toRequest(req, origin, new AbortController().signal));
    if ('response' in opened) {
      void opened.response.text().then((body) => rawHttpError(socket, opened.response, body));
      return;
    }
    const { session } = opened;
    wss.handleUpgrade(req, socket, head, (ws) => {
      const flush = (): void => {
        for (const frame of session.poll()) ws.send(JSON.stringify(frame));
        if (session.done) {
          clearInterval(timer);
          timers.delete(timer);
          ws.close(1000, 'finalized');
        }
      };
      const timer = setInterval(flush, watchIntervalMs ?? 100);
      timers.add(timer);
      ws.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      flush();
    });
  });

  const apiBase = sim.apiBase(options.apiVersion ?? 'v3');
  return {
    url: origin,
    apiBase,
    sim,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
