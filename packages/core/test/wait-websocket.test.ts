import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { startTripoSimulator } from '@tripokit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebSocketTaskWatch, type Task, TripoClient, TripoError } from '../src/index.js';
import type { WebSocketConstructorLike } from '../src/wait/websocket-watch.js';

/** Just enough of a WebSocket server (RFC 6455 handshake + unmasked text frames) to script a watch. */
interface Upgrade {
  request: IncomingMessage;
  send(text: string): void;
  close(): void;
}

function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, payload.length])
      : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([header, payload]);
}

let server: Server | undefined;
const sockets = new Set<Duplex>();

async function stopServer(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
}
afterEach(stopServer);

async function wsServer(onUpgrade: (upgrade: Upgrade) => void): Promise<string> {
  server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (request: IncomingMessage, socket: Duplex) => {
    sockets.add(socket);
    if (request.headers.authorization !== 'Bearer tsk_test') {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const accept = createHash('sha1')
      .update(`${request.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.on('error', () => undefined);
    socket.on('data', () => undefined);
    onUpgrade({
      request,
      send: (text) => socket.write(frame(text)),
      close: () => socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8])),
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return `ws://127.0.0.1:${address.port}`;
}

/** A stand-in for the v2 normaliser: the watch only needs some `data → Task`. */
function parseTask(data: unknown): Task {
  const raw = data as { task_id: string; status: string; progress: number };
  if (typeof raw.task_id !== 'string') throw new TypeError('not a task');
  const status = raw.status === 'success' || raw.status === 'running' ? raw.status : 'unknown';
  return {
    taskId: raw.task_id,
    type: 'text_to_model',
    status,
    rawStatus: raw.status,
    progress: raw.progress,
    output: {},
  };
}

describe('createWebSocketTaskWatch', () => {
  it('sends the Authorization header, streams updates and ends on finalized', async () => {
    let path = '';
    const base = await wsServer(({ request, send }) => {
      path = request.url ?? '';
      send(JSON.stringify({ event: 'update', data: { task_id: 't1', status: 'running', progress: 30 } }));
      send(JSON.stringify({ event: 'update', data: { task_id: 't1', status: 'running', progress: 80 } }));
      send(JSON.stringify({ event: 'finalized', data: { task_id: 't1', status: 'success', progress: 100 } }));
    });
    const watch = createWebSocketTaskWatch({
      url: (id) => `${base}/v2/openapi/task/watch/${id}`,
      headers: { Authorization: 'Bearer tsk_test' },
      parseTask,
    });
    const seen: Array<[string, number]> = [];
    await watch('t1', (task) => seen.push([task.status, task.progress]), new AbortController().signal);
    expect(path).toBe('/v2/openapi/task/watch/t1');
    expect(seen).toEqual([
      ['running', 30],
      ['running', 80],
      ['success', 100],
    ]);
  });

  it('fails (so the waiter polls) when the upgrade is refused', async () => {
    const base = await wsServer(() => undefined);
    const watch = createWebSocketTaskWatch({ url: (id) => `${base}/watch/${id}`, headers: {}, parseTask });
    const error = await watch('t1', () => undefined, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TripoError);
    expect(error).toMatchObject({ code: 'network', taskId: 't1' });
    expect(JSON.stringify(error)).not.toContain('tsk_');
  });

  it('fails when the socket closes with the task still going, or sends garbage', async () => {
    const closes = await wsServer(({ send, close }) => {
      send(JSON.stringify({ event: 'update', data: { task_id: 't1', status: 'running', progress: 10 } }));
      close();
    });
    const watch = createWebSocketTaskWatch({
      url: () => closes,
      headers: { Authorization: 'Bearer tsk_test' },
      parseTask,
    });
    const seen: number[] = [];
    await expect(
      watch('t1', (t) => seen.push(t.progress), new AbortController().signal),
    ).rejects.toMatchObject({
      code: 'network',
    });
    expect(seen).toEqual([10]);

    await stopServer();
    const garbage = await wsServer(({ send }) => send('{"event":"update","data":{"nope":1}}'));
    const watch2 = createWebSocketTaskWatch({
      url: () => garbage,
      headers: { Authorization: 'Bearer tsk_test' },
      parseTask,
    });
    await expect(watch2('t1', () => undefined, new AbortController().signal)).rejects.toThrow(
      /could not be read/,
    );
  });

  it('resolves quietly when aborted', async () => {
    const base = await wsServer(({ send }) =>
      send(JSON.stringify({ event: 'update', data: { task_id: 't1', status: 'running', progress: 10 } })),
    );
    const watch = createWebSocketTaskWatch({
      url: () => base,
      headers: { Authorization: 'Bearer tsk_test' },
      parseTask,
    });
    const controller = new AbortController();
    await expect(watch('t1', () => controller.abort(), controller.signal)).resolves.toBeUndefined();
  });
});

describe('v2 WebSocket watch with fallback (loopback simulator)', () => {
  it('falls back to polling when the watch cannot connect', async () => {
    const running = await startTripoSimulator({
      apiVersion: 'v2',
      apiKey: 'tsk_fallback_key',
      speed: 1,
      watchIntervalMs: 10,
      timing: { queuedMs: 50, imageMs: 600 },
    });
    try {
      /** A socket to a path the server does not serve: the upgrade fails. */
      const Broken = class extends WebSocket {
        constructor(url: string, init: { headers?: Record<string, string> }) {
          super(url.replace('/task/watch/', '/task/nowhere/'), init as unknown as string[]);
        }
      } as unknown as WebSocketConstructorLike;
      const client = new TripoClient({
        apiKey: 'tsk_fallback_key',
        baseUrl: running.apiBase,
        env: {},
        webSocket: Broken,
      });
      const { taskId } = await client.createTask({ type: 'text_to_image', prompt: 'a paper crane' });
      const task = await client.waitForTask(taskId);
      expect(task).toMatchObject({ taskId, status: 'success' });
      const polls = running.sim.requests.filter((r) => r.path === `/v2/openapi/task/${taskId}`);
      expect(polls.length).toBeGreaterThan(1);
    } finally {
      await running.close();
    }
  });
});
