import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TaskRecord } from './tasks.js';

/** Path prefix of the simulated file host that serves task outputs. */
export const FILES_PREFIX = '/files';

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
