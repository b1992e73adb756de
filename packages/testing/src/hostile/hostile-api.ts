import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { listenHttp } from '../listen.js';

/**
 * What the hostile fake does with one create request. `refuse-*` answers prove that nothing was created and
 * create nothing; `accept-*` create the task (it is billed) and then answer badly; `reset` drops the
 * connection before creating anything, which the client cannot tell from `accept-reset`.
 */
export const CREATE_FAULTS = [
  'accept',
  'refuse-429-1007',
  'refuse-429-2000',
  'refuse-400-1004',
  'refuse-403-2010',
  'reset',
  'accept-200-code-1000',
  'accept-200-code-2014',
  'accept-408-json',
  'accept-503-json',
  'accept-429-plain',
  'accept-500-1001',
  'accept-502-html',
  'accept-reset',
  'accept-truncated',
  'accept-200-garbage',
  'accept-200-no-id',
  'accept-200-bad-id',
  'accept-stall',
  'accept-huge-body',
] as const;
export type CreateFault = (typeof CREATE_FAULTS)[number];

/** Faults after which the server holds a task it may bill for, whatever the client heard. */
export function createsTask(fault: CreateFault): boolean {
  return fault.startsWith('accept');
}

/** Faults whose answer proves to the client that nothing was created. */
export function provesNothingCreated(fault: CreateFault): boolean {
  return fault.startsWith('refuse');
}

/** How the fake answers a task read. */
export type ReadAnswer =
  | { kind: 'task'; task: Record<string, unknown> }
  /** Any `data` on a single read; left out of batch answers (so it is then read on its own). */
  | { kind: 'data'; data: unknown }
  | { kind: 'silent' }
  | { kind: 'status'; status: number; body: unknown };

/** How the fake answers an image upload (`POST /files`): a file token, or never (the request is left open). */
export type UploadAnswer = 'token' | 'silent';

/**
 * How the fake's file host (`GET /files/…`, the links of {@link HostileApi.modelUrl}) answers: a small GLB,
 * nothing at all (the request is left open), or the headers of a GLB and then nothing more.
 */
export type FileHostAnswer = 'glb' | 'silent' | 'silent-after-headers';

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  /** For creates: the fault served. */
  fault?: CreateFault;
  /** For creates that made a task: its id. */
  createdId?: string;
}

/** A loopback Tripo v3 API that misbehaves on purpose. */
export interface HostileApi {
  /** The v3 API base, e.g. `http://127.0.0.1:4321/v3`. */
  baseUrl: string;
  /** Every request, in arrival order. */
  requests: SeenRequest[];
  /** Ids of the tasks the fake created (each one billed). */
  created: string[];
  /** Picks the fault for the n-th create request (0-based). Default: always `accept`. */
  createFault: (n: number) => CreateFault;
  /** Answers a task read (single or batched). Default: the task, succeeded, with no outputs. */
  readTask: (taskId: string) => ReadAnswer;
  /** Bytes of the huge body (`accept-huge-body`) the fake managed to hand to the socket. */
  hugeBytesWritten: number;
  /** Size of the body of `accept-huge-body`. Default 24 MiB. */
  hugeBodyBytes: number;
  /** How image uploads are answered. Default `token`. */
  upload: UploadAnswer;
  /** How the file host answers. Default `glb`. */
  fileHost: FileHostAnswer;
  /** A link to a task's model on the fake's file host (same host and port as the API). */
  modelUrl(taskId: string): string;
  close(): Promise<void>;
}

/** A small seeded PRNG (mulberry32): a fault schedule is reproducible from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random fault schedule: `accept` about a third of the time, every other fault equally often. */
export function randomFaultSchedule(seed: number, faults: readonly CreateFault[] = CREATE_FAULTS) {
  const random = seededRandom(seed);
  const others = faults.filter((f) => f !== 'accept');
  return (): CreateFault =>
    random() < 0.35 || others.length === 0
      ? 'accept'
      : (others[Math.floor(random() * others.length)] as CreateFault);
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function doneTask(taskId: string): Record<string, unknown> {
  return { task_id: taskId, type: 'text_to_model', status: 'success', progress: 100, output: {} };
}

/** A task that succeeded with a model at `modelUrl` (e.g. {@link HostileApi.modelUrl}). */
export function succeededTask(taskId: string, modelUrl: string): Record<string, unknown> {
  return { ...doneTask(taskId), output: { model_url: modelUrl } };
}

/** The file host's model: a GLB header (what TripoKit checks) and a little padding. */
const GLB = (() => {
  const bytes = Buffer.alloc(64);
  bytes.write('glTF', 0, 'latin1');
  bytes.writeUInt32LE(2, 4);
  bytes.writeUInt32LE(bytes.length, 8);
  return bytes;
})();

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the hostile fake on 127.0.0.1 (a free port). */
export async function startHostileApi(): Promise<HostileApi> {
  const sockets = new Set<Socket>();
  let creates = 0;
  const api: HostileApi = {
    baseUrl: '',
    requests: [],
    created: [],
    createFault: () => 'accept',
    readTask: (taskId) => ({ kind: 'task', task: doneTask(taskId) }),
    hugeBytesWritten: 0,
    hugeBodyBytes: 24 * 1024 * 1024,
    upload: 'token',
    fileHost: 'glb',
    modelUrl: (taskId) => `${origin}/files/${encodeURIComponent(taskId)}/model.glb`,
    close: async () => undefined,
  };
  let origin = '';

  const answerRead = (res: ServerResponse, answer: ReadAnswer): boolean => {
    if (answer.kind === 'silent') return true;
    if (answer.kind === 'status') json(res, answer.status, answer.body);
    else json(res, 200, { code: 0, data: answer.kind === 'data' ? answer.data : answer.task });
    return true;
  };

  const create = async (req: IncomingMessage, res: ServerResponse, seen: SeenRequest): Promise<void> => {
    const fault = api.createFault(creates++);
    seen.fault = fault;
    await readBody(req);
    if (createsTask(fault)) {
      seen.createdId = randomUUID();
      api.created.push(seen.createdId);
    }
    const id = seen.createdId ?? '';
    const trace = { 'x-tripo-trace-id': randomUUID() };
    switch (fault) {
      case 'accept':
        return json(res, 200, { code: 0, data: { task_id: id } }, trace);
      case 'refuse-429-1007':
        return json(
          res,
          429,
          { code: 1007, message: 'Rate limit exceeded' },
          { ...trace, 'retry-after': '0' },
        );
      case 'refuse-429-2000':
        return json(
          res,
          429,
          { code: 2000, message: 'You have exceeded the limit of generation', suggestion: 'See the docs.' },
          { ...trace, 'retry-after': '0' },
        );
      case 'refuse-400-1004':
        return json(
          res,
          400,
          { code: 1004, message: 'Invalid parameter', suggestion: 'See the docs.' },
          trace,
        );
      case 'refuse-403-2010':
        return json(
          res,
          403,
          { code: 2010, message: 'Not enough credit', suggestion: 'See the docs.' },
          trace,
        );
      case 'reset':
      case 'accept-reset':
        req.socket.destroy();
        return;
      case 'accept-200-code-1000':
        return json(res, 200, { code: 1000, message: 'Unknown error', suggestion: 'Try again.' }, trace);
      case 'accept-200-code-2014':
        return json(res, 200, { code: 2014, message: 'Audit error' }, trace);
      case 'accept-408-json':
        return json(res, 408, { code: 1000, message: 'Request timeout' }, trace);
      case 'accept-503-json':
        return json(
          res,
          503,
          { code: 1000, message: 'Service unavailable' },
          { ...trace, 'retry-after': '0' },
        );
      case 'accept-429-plain':
        return json(res, 429, { message: 'Too Many Requests' }, { ...trace, 'retry-after': '0' });
      case 'accept-500-1001':
        return json(res, 500, { code: 1001, message: 'Fatal error' }, trace);
      case 'accept-502-html':
        res.writeHead(502, { 'content-type': 'text/html', ...trace });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      case 'accept-truncated': {
        const full = JSON.stringify({ code: 0, data: { task_id: id } });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': full.length, ...trace });
        res.write(full.slice(0, 12));
        setTimeout(() => req.socket.destroy(), 5);
        return;
      }
      case 'accept-200-garbage':
        res.writeHead(200, { 'content-type': 'application/json', ...trace });
        res.end('{"code":0,"data":{"task_id":');
        return;
      case 'accept-200-no-id':
        return json(res, 200, { code: 0, data: {} }, trace);
      case 'accept-200-bad-id':
        return json(res, 200, { code: 0, data: { task_id: `../${id}?x=1` } }, trace);
      case 'accept-stall':
        return;
      case 'accept-huge-body':
        return sendHuge(res, id, trace);
    }
  };

  const sendHuge = async (
    res: ServerResponse,
    id: string,
    headers: Record<string, string>,
  ): Promise<void> => {
    const head = `{"code":0,"data":{"task_id":"${id}","padding":"`;
    const tail = '"}}';
    const total = api.hugeBodyBytes;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': total, ...headers });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = total - head.length - tail.length;
    res.write(head);
    api.hugeBytesWritten += head.length;
    while (left > 0 && !res.destroyed) {
      const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
      left -= piece.length;
      api.hugeBytesWritten += piece.length;
      if (!res.write(piece)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    if (!res.destroyed) res.end(tail);
  };

  const serveFile = (res: ServerResponse): void => {
    if (api.fileHost === 'silent') return;
    res.writeHead(200, { 'content-type': 'model/gltf-binary', 'content-length': GLB.length });
    if (api.fileHost === 'silent-after-headers') res.flushHeaders();
    else res.end(GLB);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const seen: SeenRequest = { method: req.method ?? 'GET', path };
    api.requests.push(seen);
    res.on('error', () => undefined);
    const route = path.replace(/^\/v3/, '');
    void (async () => {
      if (req.method === 'GET' && path.startsWith('/files/')) return serveFile(res);
      if (req.method === 'POST' && route === '/files') {
        await readBody(req);
        if (api.upload === 'silent') return;
        return json(res, 200, { code: 0, data: { file_token: randomUUID() } });
      }
      if (req.method === 'POST' && /^\/(generation|models|mesh|animations)\//.test(route)) {
        return create(req, res, seen);
      }
      if (req.method === 'GET' && /^\/tasks\/[^/]+$/.test(route)) {
        return answerRead(res, api.readTask(decodeURIComponent(route.slice('/tasks/'.length))));
      }
      if (req.method === 'POST' && route === '/tasks/list') {
        const body = JSON.parse(await readBody(req)) as { task_ids: string[] };
        const tasks: unknown[] = [];
        for (const id of body.task_ids) {
          const answer = api.readTask(id);
          if (answer.kind === 'silent') return;
          if (answer.kind === 'task') tasks.push(answer.task);
        }
        return json(res, 200, { code: 0, data: { tasks } });
      }
      if (req.method === 'GET' && route === '/account/balance') {
        return json(res, 200, { code: 0, data: { balance: 100, frozen: 0 } });
      }
      return json(res, 404, { code: 4001, message: 'no such route' });
    })().catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  origin = await listenHttp(server, 0, '127.0.0.1');
  api.baseUrl = `${origin}/v3`;
  api.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return api;
}
