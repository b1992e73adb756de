import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { TripoError } from '@tripokit/core';
import { MODEL_ROUTE_PREFIX, TASK_ID_PATTERN } from '../../shared/api.js';
import type { ModelFiles } from '../model-files.js';
import { sendError } from './respond.js';

/** What the model route needs. */
export interface ModelRouteDeps {
  files: ModelFiles;
  /** Only tasks this server's tools have seen are served. */
  isKnownTask: (taskId: string) => boolean;
  log: (line: string) => void;
}

function statusFor(error: unknown): number {
  if (!(error instanceof TripoError)) return 500;
  if (error.code === 'not_found' || error.code === 'download') return 404;
  return 502;
}

/** `GET /api/models/<taskId>[?download=1]`: a finished model, same-origin. */
export async function handleModel(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: ModelRouteDeps,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'Method not allowed.');
    return;
  }
  const taskId = decodeURIComponent(url.pathname.slice(MODEL_ROUTE_PREFIX.length));
  if (!TASK_ID_PATTERN.test(taskId) || !deps.isKnownTask(taskId)) {
    sendError(res, 404, 'No such model in this session.');
    return;
  }
  let file: Awaited<ReturnType<ModelFiles['get']>>;
  try {
    file = await deps.files.get(taskId);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'The model could not be fetched.';
    deps.log(`model ${taskId}: ${message}`);
    sendError(res, statusFor(error), message);
    return;
  }
  const name = path.basename(file.path);
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': file.size,
    'cache-control': 'private, max-age=3600',
    'x-content-type-options': 'nosniff',
    ...(url.searchParams.has('download') ? { 'content-disposition': `attachment; filename="${name}"` } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file.path).pipe(res);
}
