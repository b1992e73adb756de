import { type BigIntStats, constants } from 'node:fs';
import { type FileHandle, lstat, open, readlink, realpath, stat } from 'node:fs/promises';
import { isPathInside } from './inside.js';

/** Why {@link readLocalFile} refused a path. */
export type LocalFileRefusal =
  /** Nothing there (or not readable). */
  | 'missing'
  /** A folder, FIFO, socket or device: only regular files are read. */
  | 'not_regular'
  /** The file really lies outside every allowed folder (a path or a link that leads out). */
  | 'outside'
  /** The file changed between the check and the open (for instance a link swapped in): nothing was read. */
  | 'changed'
  | 'too_large'
  | 'empty';

/** Thrown by {@link readLocalFile}; callers word it for their own audience. */
export class LocalFileError extends Error {
  override readonly name = 'LocalFileError';
  constructor(
    readonly reason: LocalFileRefusal,
    /** The real path, once known. */
    readonly realPath?: string,
    /** The size seen, for `too_large`. */
    readonly size?: number,
    options?: { cause?: unknown },
  ) {
    super(`local file refused: ${reason}`, options);
  }
}

/** A local file read whole through one handle: the bytes are those of the file that was checked. */
export interface LocalFile {
  /** The real path of the file read (links resolved), as it was when it was opened. */
  path: string;
  data: Uint8Array;
}

/** Options of {@link readLocalFile}. */
export interface ReadLocalFileOptions {
  /** Largest size read; more is refused without reading further. */
  maxBytes: number;
  /**
   * Folders (real paths) the file must really lie in. Links are followed, but only to files inside one of
   * them; without `roots` any regular file is read.
   */
  roots?: readonly string[];
}

// No blocking on a FIFO, no controlling terminal; links are followed (a link inside a root to a file inside it
// is fine), and the file opened is then proven to be the one checked.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Where the open file really is. On Linux the kernel says so (`/proc/self/fd/N`), whatever happened to the
 * path since. Elsewhere: the path resolved again after the open, if it still leads to the very file opened.
 */
async function whereOpened(
  handle: FileHandle,
  path: string,
  opened: BigIntStats,
): Promise<string | undefined> {
  if (process.platform === 'linux') {
    try {
      const where = await readlink(`/proc/self/fd/${handle.fd}`);
      // A file unlinked since it was opened reads "… (deleted)": not where the path leads any more.
      if (where.startsWith('/') && !where.endsWith(' (deleted)')) return where;
      return undefined;
    } catch {
      // No /proc mounted: fall through.
    }
  }
  try {
    const where = await realpath(path);
    return sameFile(await lstat(where, { bigint: true }), opened) ? where : undefined;
  } catch {
    return undefined;
  }
}

async function readWhole(handle: FileHandle, maxBytes: number, realPath: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    // Read one byte past the cap, so a file that grew after it was checked is caught too.
    const chunk = new Uint8Array(Math.min(1024 * 1024, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw new LocalFileError('too_large', realPath, total);
  }
  if (total === 0) throw new LocalFileError('empty', realPath, 0);
  const data = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return data;
}

/**
 * Reads a local file without a check-then-read race. It resolves the path and checks it first (a regular file,
 * inside `roots`, not over `maxBytes`), so that nothing else is opened on purpose; then opens it once, checks
 * the open file itself (a regular file, the same device and inode as checked, and really inside `roots`: on
 * Linux by the kernel's own record of the open file), and reads only from that handle. A path, or a folder on
 * it, swapped for a link between the check and the open is refused as `changed`, never read.
 * Throws {@link LocalFileError}.
 */
export async function readLocalFile(path: string, options: ReadLocalFileOptions): Promise<LocalFile> {
  let realPath: string;
  let checked: BigIntStats;
  try {
    realPath = await realpath(path);
    checked = await stat(realPath, { bigint: true });
  } catch (cause) {
    throw new LocalFileError('missing', undefined, undefined, { cause });
  }
  if (options.roots && !options.roots.some((root) => isPathInside(root, realPath))) {
    throw new LocalFileError('outside', realPath);
  }
  // Checked before opening, so that nothing but a regular file inside the roots is ever opened on purpose.
  if (!checked.isFile()) throw new LocalFileError('not_regular', realPath);
  if (checked.size > BigInt(options.maxBytes)) {
    throw new LocalFileError('too_large', realPath, Number(checked.size));
  }
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (cause) {
    throw new LocalFileError('missing', realPath, undefined, { cause });
  }
  try {
    const opened = await handle.stat({ bigint: true });
    if (!opened.isFile() || !sameFile(opened, checked)) throw new LocalFileError('changed', realPath);
    const where = await whereOpened(handle, path, opened);
    const inside =
      where !== undefined && (!options.roots || options.roots.some((root) => isPathInside(root, where)));
    if (!inside) throw new LocalFileError('changed', realPath);
    return { path: where, data: await readWhole(handle, options.maxBytes, where) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
