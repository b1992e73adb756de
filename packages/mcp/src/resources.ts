import type { Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
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
import { isPathInside, SNIFF_BYTES } from '@tripokit/core';
import { mimeTypeOf } from './mime.js';

/** The URI template of downloaded files; `{filename}` is the path under the output folder, URI-encoded. */
export const MODEL_RESOURCE_TEMPLATE = 'tripokit://models/{filename}';
const PREFIX = 'tripokit://models/';
const MAX_LISTED = 500;
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

function isListable(name: string): boolean {
  // Dotfiles include the temporary files downloads are written to before their atomic rename.
  return !name.startsWith('.') && !name.endsWith('.part') && !name.endsWith('.tmp');
}

async function listFiles(outputDir: string): Promise<Resource[]> {
  const found: { resource: Resource; mtimeMs: number }[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= MAX_LISTED || !isListable(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
      if (!entry.isFile()) continue;
      const info = await stat(path).catch(() => undefined);
      const uri = modelResourceUri(outputDir, path);
      if (info === undefined || uri === undefined) continue;
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
        mtimeMs: info.mtimeMs,
      });
    }
  };
  await walk(resolve(outputDir), 0);
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs).map((f) => f.resource);
}

async function resolveInside(outputDir: string, encoded: string, uri: string): Promise<string> {
  let rel: string;
  try {
    rel = decodeURIComponent(encoded);
  } catch {
    throw new ResourceNotFoundError(uri);
  }
  const root = await realpath(resolve(outputDir)).catch(() => undefined);
  if (root === undefined) throw new ResourceNotFoundError(uri);
  const real = await realpath(resolve(root, rel)).catch(() => undefined);
  if (real === undefined || !isPathInside(root, real)) throw new ResourceNotFoundError(uri);
  return real;
}

/**
 * Exposes the files in the output folder as resources (`tripokit://models/{filename}`), each with its MIME
 * type; reading one returns its bytes. Paths are confined to the folder (no `..`, no symlink escapes).
 */
export function registerModelResources(server: McpServer, outputDir: string): void {
  const template = new ResourceTemplate(MODEL_RESOURCE_TEMPLATE, {
    list: async () => ({ resources: await listFiles(outputDir) }),
    complete: {
      filename: async (value) =>
        (await listFiles(outputDir)).map((r) => r.name).filter((name) => name.startsWith(value)),
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
      if (typeof encoded !== 'string') throw new ResourceNotFoundError(uri.href);
      const path = await resolveInside(outputDir, encoded, uri.href);
      const info = await stat(path);
      if (!info.isFile()) throw new ResourceNotFoundError(uri.href);
      if (info.size > MAX_READ_BYTES) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `${uri.href} is ${info.size} bytes, too large to send inline; open ${path} instead.`,
        );
      }
      const bytes = await readFile(path);
      const mimeType = mimeTypeOf(path, bytes.subarray(0, SNIFF_BYTES), bytes.length);
      return { contents: [{ uri: uri.href, mimeType, blob: bytes.toString('base64') }] };
    },
  );
}
