import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TaskRecord } from './tasks.js';

/** Path prefix of the simulated file host that serves task outputs. */
export const FILES_PREFIX = '/files';
/** Path prefix of presigned upload URLs (v3 `POST /files/presign`). */
export const UPLOADS_PREFIX = '/uploads';

/** Why a download link was refused. */
export type LinkCheck = 'ok' | 'expired' | 'revoked' | 'invalid';

/**
 * Signs output links. A link names the task, the file, a version and an expiry time, and carries an HMAC of
 * all four. Querying a task issues links with a new version; an expired-link fault revokes every version
 * issued so far, so only a fresh query brings the files back.
 */
export class LinkSigner {
  readonly #secret = randomBytes(32);

  constructor(readonly ttlMs: number) {}

  #sign(taskId: string, fileName: string, version: number, expires: number): string {
    return createHmac('sha256', this.#secret)
      .update(`${taskId}/${fileName}/${version}/${expires}`)
      .digest('base64url');
  }

  /** A fresh link for `fileName` of `task` at version `task.linkVersion`. */
  link(origin: string, task: TaskRecord, fileName: string, now: number): string {
    const expires = Number.isFinite(this.ttlMs) ? Math.floor(now + this.ttlMs) : 0;
    const sig = this.#sign(task.id, fileName, task.linkVersion, expires);
    return `${origin}${FILES_PREFIX}/${task.id}/${fileName}?v=${task.linkVersion}&exp=${expires}&sig=${sig}`;
  }

  /** Checks a download URL's token against the task's current revocation state. */
  check(task: TaskRecord, fileName: string, query: URLSearchParams, now: number): LinkCheck {
    const version = Number(query.get('v'));
    const expires = Number(query.get('exp'));
    const sig = query.get('sig') ?? '';
    if (!Number.isInteger(version) || !Number.isInteger(expires)) return 'invalid';
    const want = Buffer.from(this.#sign(task.id, fileName, version, expires));
    const got = Buffer.from(sig);
    if (want.byteLength !== got.byteLength || !timingSafeEqual(want, got)) return 'invalid';
    if (version <= task.revokedThrough) return 'revoked';
    if (expires !== 0 && now > expires) return 'expired';
    return 'ok';
  }
}

/** An uploaded file. */
export interface Upload {
  token: string;
  fileName: string;
  /** `image` (png/jpeg/webp) or `model` (glb/obj/fbx/stl). */
  kind: 'image' | 'model';
  bytes: Uint8Array;
  /** Present bytes or awaiting a presigned PUT. */
  ready: boolean;
}

/** Recognises an upload by magic bytes, falling back to the extension for text model formats. */
export function sniffUpload(
  bytes: Uint8Array,
  fileName: string,
): { kind: 'image' | 'model'; ext: string } | null {
  const at = (i: number): number => bytes[i] ?? -1;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47)
    return { kind: 'image', ext: 'png' };
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return { kind: 'image', ext: 'jpeg' };
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { kind: 'image', ext: 'webp' };
  if (ascii(0, 4) === 'glTF') return { kind: 'model', ext: 'glb' };
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (['obj', 'fbx', 'stl'].includes(ext)) return { kind: 'model', ext };
  return null;
}
