import { createHash, randomUUID } from 'node:crypto';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TripoError } from '../errors.js';
import { SNIFF_BYTES } from './file-type.js';

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

/**
 * Streams `body` into a fresh hidden file in `dir` (created exclusively, so never through an existing
 * link), hashing as it goes. On any failure the file is removed before the error propagates: errors of
 * the body as they came, errors of the file system as `TripoError('file_access')`.
 */
export async function writeTempFile(dir: string, body: AsyncIterable<Uint8Array>): Promise<TempFile> {
  const path = join(dir, `.tripokit-${randomUUID()}.part`);
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
  try {
    for await (const chunk of body) {
      if (headLength < SNIFF_BYTES) {
        const take = chunk.subarray(0, SNIFF_BYTES - headLength);
        head.set(take, headLength);
        headLength += take.length;
      }
      hash.update(chunk);
      bytes += chunk.length;
      await writeAll(handle, chunk).catch((error: unknown) => {
        throw cannotWrite(dir, error);
      });
    }
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
