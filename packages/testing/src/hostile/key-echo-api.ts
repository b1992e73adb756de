import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { listenHttp } from '../listen.js';

/** Task ids the key-echoing API knows, each in a state that makes TripoKit quote the API's words. */
export const KEY_ECHO_TASKS = {
  /** Failed, its `error_message` quoting the key. Every create returns this id. */
  failed: 'echo-failed-0001',
  /** Succeeded, every output link carrying the key; the file host refuses them with the key in its body. */
  success: 'echo-success-0001',
  /** Running, its message quoting the key. */
  running: 'echo-running-0001',
} as const;

/**
 * Tool calls that make TripoKit quote the key-echoing API in every way it can: task messages, API errors,
 * download and upload failures, the task memory. `upload_file` reads `cube.glb` from an allowed input folder
 * (see {@link writeKeyEchoInputs}).
 */
export const KEY_ECHO_CALLS: ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>]> = [
  ['get_task_status', { task_id: KEY_ECHO_TASKS.failed }],
  ['get_task_status', { task_id: KEY_ECHO_TASKS.running }],
  ['get_task_status', { task_id: KEY_ECHO_TASKS.success }],
  ['get_task_status', { task_id: 'no-such-task' }],
  ['wait_for_task', { task_id: KEY_ECHO_TASKS.failed }],
  ['create_3d_model_from_text', { prompt: 'a fox' }],
  ['generate_3d_model', { prompt: 'a fox' }],
  ['download_model', { task_id: KEY_ECHO_TASKS.success }],
  ['download_model', { task_id: KEY_ECHO_TASKS.success, output: 'pbr_model' }],
  ['download_model', { task_id: KEY_ECHO_TASKS.failed }],
  ['get_balance', {}],
  ['upload_file', { path: 'cube.glb' }],
  ['list_recent_tasks', {}],
];

/** Writes the files {@link KEY_ECHO_CALLS} read into `dir` (an allowed input folder). */
export async function writeKeyEchoInputs(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'cube.glb'), Buffer.concat([Buffer.from('glTF'), Buffer.alloc(60)]));
}

/** A request the fake received. */
export interface KeyEchoRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/** A running {@link startKeyEchoApi}. */
export interface KeyEchoApi {
  /** The v3 API base, e.g. `http://127.0.0.1:40123/v3`. */
  baseUrl: string;
  /** Every request, API and file host alike, in order. */
  requests: KeyEchoRequest[];
  /** Requests that reached the file host (`/files/…`), which must never see the key. */
  fileHostRequests(): KeyEchoRequest[];
  close(): Promise<void>;
}

/**
 * A hostile Tripo v3 API on loopback that echoes the API key it is given (whatever its shape) in every text it
 * returns: envelope `message`, `suggestion` and `request_id`, trace headers, task `error_message` and
 * `message`, output links, the file host's error pages and its redirects. A test drives TripoKit's tools
 * against it and asserts that the key shows up in no result, error, cause, progress event or file-host request.
 *
 * Routes: every create answers {@link KEY_ECHO_TASKS.failed}; `GET /tasks/{id}` and `POST /tasks/list` serve
 * the three tasks (anything else is a 404); `GET /account/balance` is a 500; `POST /files/presign` hands out an
 * upload link on the file host; the file host answers 403 (or, for `…/redirect`, a 302 to a link with the key).
 */
export async function startKeyEchoApi(key: string): Promise<KeyEchoApi> {
  const requests: KeyEchoRequest[] = [];
  let origin = '';
  const fileUrl = (name: string) => `${origin}/files/${key}/${name}?auth=${key}`;

  const task = (id: string): Record<string, unknown> | undefined => {
    const common = { task_id: id, type: 'text_to_model', created_at: '2026-01-01T00:00:00Z', message: key };
    if (id === KEY_ECHO_TASKS.failed)
      return {
        ...common,
        status: 'failed',
        progress: 0,
        error_code: 2002,
        error_message: `Generation failed for key ${key}; suggestion: retry with ${key}`,
        output: {},
      };
    if (id === KEY_ECHO_TASKS.success)
      return {
        ...common,
        status: 'success',
        progress: 100,
        output: {
          model_url: fileUrl('model.glb'),
          pbr_model_url: fileUrl('redirect'),
          base_model_url: fileUrl('base.glb'),
          rendered_image_url: fileUrl('render.png'),
        },
      };
    if (id === KEY_ECHO_TASKS.running)
      return { ...common, status: 'running', progress: 40, running_left_time: 30, output: {} };
    return undefined;
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-tripo-trace-id': key,
      'x-request-id': key,
      'x-echo': key,
    });
    res.end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, data: unknown) =>
    send(res, 200, { code: 0, status: 'success', message: key, suggestion: key, request_id: key, data });
  const fail = (res: ServerResponse, status: number, code: number) =>
    send(res, status, {
      code,
      status: 'error',
      message: `The key ${key} says no`,
      suggestion: `Try ${key} again`,
      request_id: key,
    });

  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin);
      const path = url.pathname;
      if (path.startsWith('/files/')) {
        if (path.endsWith('/redirect')) {
          res.writeHead(302, { location: fileUrl('moved.glb'), 'x-echo': key });
          res.end(`Moved to ${fileUrl('moved.glb')}`);
          return;
        }
        res.writeHead(req.method === 'PUT' ? 500 : 403, { 'content-type': 'text/html', 'x-echo': key });
        res.end(`<html><body>Access denied for ${key}</body></html>`);
        return;
      }
      const route = path.replace(/^\/v3/, '');
      const taskMatch = /^\/tasks\/([^/]+)$/.exec(route);
      if (req.method === 'GET' && taskMatch) {
        const found = task(decodeURIComponent(taskMatch[1] ?? ''));
        if (found) ok(res, found);
        else fail(res, 404, 2001);
        return;
      }
      if (req.method === 'POST' && route === '/tasks/list') {
        let ids: unknown = [];
        try {
          ids = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { task_ids?: unknown }).task_ids;
        } catch {}
        const list = Array.isArray(ids) ? ids : [];
        const tasks = Object.fromEntries(
          list.flatMap((id) => {
            const found = typeof id === 'string' ? task(id) : undefined;
            return found ? [[id, found]] : [];
          }),
        );
        ok(res, { tasks, missed: list.filter((id) => typeof id !== 'string' || !task(id)) });
        return;
      }
      if (req.method === 'GET' && route === '/account/balance') return fail(res, 500, 1000);
      if (req.method === 'POST' && route === '/files/presign')
        return ok(res, { upload_url: fileUrl('upload'), file_token: `file_${key}` });
      if (req.method === 'POST' && route === '/files') return fail(res, 400, 2003);
      if (req.method === 'POST') return ok(res, { task_id: KEY_ECHO_TASKS.failed, message: key });
      fail(res, 404, 2001);
    });
  });
  origin = await listenHttp(server, 0, '127.0.0.1');
  return {
    baseUrl: `${origin}/v3`,
    requests,
    fileHostRequests: () => requests.filter((r) => r.url.startsWith('/files/')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Every text a value holds, as one string: strings, object fields, array items, and for errors their name,
 * message, stack, own fields, `toJSON()` and the whole `cause` chain. For "the key appears nowhere" checks.
 */
export function everyText(value: unknown, seen: Set<unknown> = new Set()): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value !== 'object' || seen.has(value)) return String(value ?? '');
  seen.add(value);
  const parts: string[] = [];
  if (value instanceof Error) {
    parts.push(value.name, value.message, value.stack ?? '', String(value));
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') parts.push(everyText(toJSON.call(value), seen));
    if (value.cause !== undefined) parts.push(everyText(value.cause, seen));
  }
  for (const key of Object.getOwnPropertyNames(value)) {
    let item: unknown;
    try {
      item = (value as Record<string, unknown>)[key];
    } catch {
      continue;
    }
    if (typeof item !== 'function') parts.push(everyText(item, seen));
  }
  return parts.join('\n');
}
