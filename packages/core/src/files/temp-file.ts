import { createHash, randomUUID } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TripoError } from '../errors.js';
import { SNIFF_BYTES } from './file-type.js';

/** Temporary files are hidden, named `.tripokit-<uuid>.part`, next to where they will land. */
export const TEMP_PREFIX = '.tripokit-';
export const TEMP_SUFFIX = '.part';

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
  const path = join(dir, `${TEMP_PREFIX}${randomUUID()}${TEMP_SUFFIX}`);
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

/** Moves a finished temporary file into place (atomically, on the same file system). */
export async function commitTempFile(temp: TempFile, target: string): Promise<void> {
  try {
    await rename(temp.path, target);
  } catch (error) {
    await removeQuietly(temp.path);
    throw cannotWrite(target, error);
  }
}
