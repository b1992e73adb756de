import { createHash, randomUUID } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, type FileHandle, link, lstat, open, readdir, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { TripoError } from '../errors.js';
import { SNIFF_BYTES } from './file-type.js';

/**
 * Temporary files are hidden, named `.tripokit-<pid>-<uuid>.part` next to where they will land: the process id
 * tells a live download's file from one left by a process that was killed.
 */
export const TEMP_PREFIX = '.tripokit-';
export const TEMP_SUFFIX = '.part';
const TEMP_NAME =
  /^\.tripokit-(?:(\d+)-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.part$/;
/** A temporary file untouched this long is stale even if a process of its id runs (ids are reused). */
const STALE_AFTER_MS = 24 * 60 * 60_000;
/** A temporary file of an older TripoKit (no process id in its name) is stale once untouched this long. */
const STALE_UNOWNED_AFTER_MS = 60 * 60_000;

/**
 * Whether a name in an output folder is a finished file, to list or serve: not hidden (downloads are written to
 * a hidden `.tripokit-<uuid>.part` first, then renamed), and no other program's partial download either.
 */
export function isFinishedFileName(name: string): boolean {
  return !name.startsWith('.') && !name.endsWith(TEMP_SUFFIX) && !name.endsWith('.tmp');
}

/** A body written to a temporary file next to its destination, with what was learnt on the way. */
export interface TempFile {
  path: string;
  bytes: number;
  /** Hex SHA-256 of the bytes written. */
  sha256: string;
  /** The first bytes, for recognising the format. */
  head: Uint8Array;
}

/** Removes a file, ignoring one that is already gone. */
export async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined);
}

function cannotWrite(dir: string, cause: unknown): TripoError {
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? ` (${String(cause.code)})` : '';
  return new TripoError('file_access', `Cannot write the file in ${dir}${code}.`, {
    suggestion: 'Check that the folder is writable and the disk has space.',
    cause,
  });
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  for (let offset = 0; offset < chunk.length; ) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.length - offset);
    offset += bytesWritten;
  }
}

/** Bytes gathered before each write: far fewer trips to the file system than one per network chunk. */
const WRITE_BUFFER_BYTES = 1024 * 1024;

/**
 * Streams `body` into a fresh hidden file in `dir` (created exclusively, so never through an existing
 * link), hashing as it goes. Memory stays bounded: each chunk is copied into one reused write buffer and
 * dropped. On any failure the file is removed before the error propagates: errors of the body as they came,
 * errors of the file system as `TripoError('file_access')`.
 */
export async function writeTempFile(dir: string, body: AsyncIterable<Uint8Array>): Promise<TempFile> {
  const path = join(dir, `${TEMP_PREFIX}${process.pid}-${randomUUID()}${TEMP_SUFFIX}`);
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    throw cannotWrite(dir, error);
  }
  const hash = createHash('sha256');
  const head = new Uint8Array(SNIFF_BYTES);
  let headLength = 0;
  let bytes = 0;
  const buffer = new Uint8Array(WRITE_BUFFER_BYTES);
  let buffered = 0;
  const flush = async (): Promise<void> => {
    if (buffered === 0) return;
    await writeAll(handle, buffer.subarray(0, buffered)).catch((error: unknown) => {
      throw cannotWrite(dir, error);
    });
    buffered = 0;
  };
  try {
    for await (const chunk of body) {
      if (headLength < SNIFF_BYTES) {
        const take = chunk.subarray(0, SNIFF_BYTES - headLength);
        head.set(take, headLength);
        headLength += take.length;
      }
      hash.update(chunk);
      bytes += chunk.length;
      for (let offset = 0; offset < chunk.length; ) {
        const take = Math.min(chunk.length - offset, buffer.length - buffered);
        buffer.set(chunk.subarray(offset, offset + take), buffered);
        buffered += take;
        offset += take;
        if (buffered === buffer.length) await flush();
      }
    }
    await flush();
    await handle.sync().catch((error: unknown) => {
      throw cannotWrite(dir, error);
    });
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeQuietly(path);
    throw error;
  }
  await handle.close();
  return { path, bytes, sha256: hash.digest('hex'), head: head.slice(0, headLength) };
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that downloads into `dir` left behind when their process was killed: those of a
 * process that no longer runs, and any untouched for a day. A live download's file is never touched. Returns
 * how many were removed; a folder that cannot be read is left alone.
 */
export async function removeStaleTempFiles(dir: string, now = Date.now()): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => undefined);
    if (!info?.isFile()) continue;
    const idle = now - info.mtimeMs;
    const pid = match[1] === undefined ? undefined : Number(match[1]);
    const stale =
      pid === undefined
        ? idle > STALE_UNOWNED_AFTER_MS
        : (pid !== process.pid && !processIsAlive(pid)) || idle > STALE_AFTER_MS;
    if (!stale) continue;
    await removeQuietly(path);
    removed++;
  }
  return removed;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Whether `path` is a regular file (not a link) holding exactly the bytes of `temp`. */
async function holdsSameBytes(path: string, temp: TempFile): Promise<boolean> {
  const info = await lstat(path).catch(() => undefined);
  if (!info?.isFile() || info.size !== temp.bytes) return false;
  return (await sha256Of(path).catch(() => '')) === temp.sha256;
}

/** `robot.glb`, then `robot-2.glb`, `robot-3.glb`, … */
function numbered(target: string, n: number): string {
  if (n === 1) return target;
  const ext = extname(target);
  return `${target.slice(0, target.length - ext.length)}-${n}${ext}`;
}

const MAX_NUMBERED_NAMES = 1000;

/** Puts the file at `target` only if nothing is there (never replacing anything, links included). */
async function placeExclusively(from: string, target: string): Promise<boolean> {
  try {
    await link(from, target);
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST') return false;
    // No hard links here (some network or FAT file systems): copy, still refusing an existing name.
    try {
      await copyFile(from, target, constants.COPYFILE_EXCL);
      return true;
    } catch (copyError) {
      if ((copyError as { code?: string }).code === 'EEXIST') return false;
      throw copyError;
    }
  }
}

/**
 * Moves a finished temporary file into place and returns where it went. With `overwrite` it replaces whatever
 * is at `target` (atomically, on the same file system). Otherwise it never replaces anything: a file already
 * there with the very same bytes is kept and its path returned; any other gets the next free numbered name
 * (`robot-2.glb`, …).
 */
export async function commitTempFile(
  temp: TempFile,
  target: string,
  options: { overwrite?: boolean } = {},
): Promise<string> {
  try {
    if (options.overwrite) {
      await rename(temp.path, target);
      return target;
    }
    for (let n = 1; n <= MAX_NUMBERED_NAMES; n++) {
      const candidate = numbered(target, n);
      if (await placeExclusively(temp.path, candidate)) return candidate;
      if (await holdsSameBytes(candidate, temp)) return candidate;
    }
    throw new Error(`${MAX_NUMBERED_NAMES} files of that name already exist`);
  } catch (error) {
    throw cannotWrite(target, error);
  } finally {
    await removeQuietly(temp.path);
  }
}
