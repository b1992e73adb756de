import { constants, type Dirent } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import {
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
  type Resource,
  type ResourceLink,
  ResourceNotFoundError,
  ResourceTemplate,
} from '@modelcontextprotocol/server';
import { isFinishedFileName, isPathInside, SNIFF_BYTES } from '@tripokit/core/adapter';
import { mimeTypeOf } from './mime.js';

/** The URI template of downloaded files; `{filename}` is the path under the output folder, URI-encoded. */
export const MODEL_RESOURCE_TEMPLATE = 'tripokit://models/{filename}';
const PREFIX = 'tripokit://models/';
const MAX_LISTED = 500;
/** Files looked at before the newest {@link MAX_LISTED} are picked: enough that a fresh download is among them. */
const MAX_SCANNED = 20_000;
const MAX_DEPTH = 4;
/** Larger files are not inlined into a `resources/read` answer; the client can open the path instead. */
const MAX_READ_BYTES = 64 * 1024 * 1024;

/** The `tripokit://models/…` URI of a file inside `outputDir`, or `undefined` if it lies outside. */
export function modelResourceUri(outputDir: string, filePath: string): string | undefined {
  if (!isPathInside(outputDir, filePath)) return undefined;
  const rel = relative(resolve(outputDir), resolve(filePath));
  return PREFIX + encodeURIComponent(rel.split(sep).join('/'));
}

/** A `resource_link` content item pointing at a downloaded file, or `undefined` if it is not ours. */
export function modelResourceLink(
  outputDir: string,
  filePath: string,
  size?: number,
): ResourceLink | undefined {
  const uri = modelResourceUri(outputDir, filePath);
  if (uri === undefined) return undefined;
  const name = decodeURIComponent(uri.slice(PREFIX.length));
  return {
    type: 'resource_link',
    uri,
    name,
    mimeType: mimeTypeOf(name),
    description: `Downloaded model file, saved at ${resolve(filePath)}`,
    ...(size === undefined ? {} : { size }),
  };
}

/** One file `resources/list` shows, with the identity `resources/read` checks the opened file against. */
interface ListedFile {
  resource: Resource;
  path: string;
  dev: number;
  ino: number;
  mtimeMs: number;
}

/**
 * The files `resources/list` shows: regular files (no symlinks, in no symlinked folder) up to {@link MAX_DEPTH}
 * folders deep, without temporary or hidden names, the newest {@link MAX_LISTED} of them. `resources/read`
 * serves exactly these.
 */
async function listFiles(outputDir: string): Promise<ListedFile[]> {
  const found: ListedFile[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= MAX_SCANNED || !isFinishedFileName(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
      if (!entry.isFile()) continue;
      const info = await lstat(path).catch(() => undefined);
      const uri = modelResourceUri(outputDir, path);
      if (info === undefined || !info.isFile() || uri === undefined) continue;
      const name = decodeURIComponent(uri.slice(PREFIX.length));
      found.push({
        resource: {
          uri,
          name,
          title: name,
          description: `Saved at ${path}`,
          mimeType: mimeTypeOf(name),
          size: info.size,
        },
        path,
        dev: info.dev,
        ino: info.ino,
        mtimeMs: info.mtimeMs,
      });
    }
  };
  await walk(resolve(outputDir), 0);
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, MAX_LISTED);
}

/** The listed file a `tripokit://models/…` name stands for, or `undefined`: nothing else is ever read. */
async function findListed(outputDir: string, encoded: string): Promise<ListedFile | undefined> {
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  return (await listFiles(outputDir)).find((file) => file.resource.name === name);
}

/** Reads a listed file through one handle that is checked to be the very file listed (no swap, no symlink). */
async function readListed(file: ListedFile, uri: string): Promise<Buffer> {
  const handle = await open(file.path, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => undefined);
  if (handle === undefined) throw new ResourceNotFoundError(uri);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.dev !== file.dev || info.ino !== file.ino)
      throw new ResourceNotFoundError(uri);
    if (info.size > MAX_READ_BYTES) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `${uri} is ${info.size} bytes, too large to send inline; open ${file.path} instead.`,
      );
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/**
 * Exposes the files in the output folder as resources (`tripokit://models/{filename}`), each with its MIME
 * type; reading one returns its bytes. Only what `resources/list` lists can be read: no hidden or temporary file,
 * no symlink, nothing outside the folder or deeper than the listing goes.
 */
export function registerModelResources(server: McpServer, outputDir: string): void {
  const template = new ResourceTemplate(MODEL_RESOURCE_TEMPLATE, {
    list: async () => ({ resources: (await listFiles(outputDir)).map((file) => file.resource) }),
    complete: {
      filename: async (value) =>
        (await listFiles(outputDir)).map((f) => f.resource.name).filter((name) => name.startsWith(value)),
    },
  });
  server.registerResource(
    'models',
    template,
    {
      title: 'Downloaded 3D models',
      description: `Files downloaded by TripoKit into ${resolve(outputDir)}.`,
    },
    async (uri, variables) => {
      const encoded = variables.filename;
      const file = typeof encoded === 'string' ? await findListed(outputDir, encoded) : undefined;
      if (file === undefined) throw new ResourceNotFoundError(uri.href);
      const bytes = await readListed(file, uri.href);
      const mimeType = mimeTypeOf(file.path, bytes.subarray(0, SNIFF_BYTES), bytes.length);
      return { contents: [{ uri: uri.href, mimeType, blob: bytes.toString('base64') }] };
    },
  );
}
