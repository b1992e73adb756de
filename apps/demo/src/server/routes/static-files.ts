import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { sendError } from './respond.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function fileAt(file: string): Promise<{ file: string; size: number } | undefined> {
  try {
    const s = await stat(file);
    return s.isFile() ? { file, size: s.size } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Serves the built page from `root`. Unknown paths without an extension get `index.html` (one-page app);
 * hashed assets are cached for a year, everything else is revalidated.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  pathname: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendError(res, 405, 'Method not allowed.');
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    sendError(res, 400, 'Bad path.');
    return;
  }
  const target = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (target !== root && !target.startsWith(root + path.sep)) {
    sendError(res, 404, 'Not found.');
    return;
  }
  const found =
    (await fileAt(target)) ??
    (path.extname(decoded) === '' ? await fileAt(path.join(root, 'index.html')) : undefined);
  if (!found) {
    sendError(res, 404, 'Not found.');
    return;
  }
  const hashed = found.file.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(found.file)] ?? 'application/octet-stream',
    'content-length': found.size,
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(found.file).pipe(res);
}
