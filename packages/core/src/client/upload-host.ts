import type { Clock } from '../clock.js';
import { cancelledError, TripoError } from '../errors.js';
import { hostOf } from '../text.js';
import { startDeadline } from './deadline.js';
import type { PreparedModelUpload } from './model-upload.js';
import { stringField } from './raw-fields.js';

/** Where a presigned upload goes: Tripo's answer names it `upload_url` or `presigned_url` (unconfirmed which). */
export function presignedUpload(data: unknown): { url: string; fileToken: string } | undefined {
  const url = stringField(data, 'upload_url', 'presigned_url');
  const fileToken = stringField(data, 'file_token');
  return url === undefined || fileToken === undefined ? undefined : { url, fileToken };
}

/** What a PUT to the upload host needs from the client. */
export interface UploadHostDeps {
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** The client's per-request time-out; the upload gets this plus time for its size. */
  timeoutMs: number;
}

/** The slowest upload rate allowed for before giving up: 64 KiB/s. */
const MIN_UPLOAD_BYTES_PER_SECOND = 64 * 1024;

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * PUTs the bytes to a presigned upload URL, as `application/octet-stream` (what the third-party v3 clients
 * send; a URL signed for a content type refuses any other). Only the bytes go there: no `Authorization`
 * header, no cookies, no key. Fails with `TripoError` (`aborted`, `timeout`, `network`, or `server` for an
 * HTTP error).
 */
export async function putToUploadHost(
  deps: UploadHostDeps,
  uploadUrl: string,
  upload: PreparedModelUpload,
  signal?: AbortSignal,
): Promise<void> {
  const url = parseUrl(uploadUrl);
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new TripoError('server', 'Tripo’s presign answer carries no usable upload URL.', {
      retryable: true,
    });
  }
  const host = hostOf(url, 'the upload host');
  const budgetMs = deps.timeoutMs + Math.ceil((upload.bytes.byteLength / MIN_UPLOAD_BYTES_PER_SECOND) * 1000);
  const deadline = startDeadline(deps.clock, budgetMs, signal);
  let response: Response;
  try {
    response = await deps.fetch(url.href, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(upload.bytes),
      credentials: 'omit',
      signal: deadline.signal,
    });
    await response.arrayBuffer().catch(() => undefined);
  } catch (cause) {
    if (signal?.aborted) {
      throw cancelledError(`Cancelled while uploading ${upload.filename}.`, { cause });
    }
    if (deadline.expired) {
      throw new TripoError(
        'timeout',
        `Uploading ${upload.filename} to ${host} took more than ${Math.round(budgetMs / 1000)} s.`,
        { retryable: true, suggestion: 'Try again on a faster connection, or give the model as a URL.' },
      );
    }
    throw new TripoError('network', `Could not reach ${host} to upload ${upload.filename}.`, {
      cause,
      retryable: true,
      suggestion: 'Check the network and try again.',
    });
  } finally {
    deadline.clear();
  }
  if (!response.ok) {
    throw new TripoError(
      'server',
      `${host} answered HTTP ${response.status} to the upload of ${upload.filename}.`,
      {
        httpStatus: response.status,
        retryable: true,
        suggestion: 'Try again: each attempt gets a fresh upload URL.',
      },
    );
  }
}
