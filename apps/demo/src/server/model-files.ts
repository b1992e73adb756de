import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { TripoClient } from '@tripokit/core';

/** A model file on disk, ready to serve. */
export interface ModelFile {
  path: string;
  size: number;
  contentType: string;
}

/** Model outputs of a task, best first (as `downloadTaskOutput` picks them by default). */
const MODEL_OUTPUTS = ['pbr_model', 'model', 'base_model', 'model_0'];

const CONTENT_TYPES: Record<string, string> = {
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.fbx': 'application/octet-stream',
  '.obj': 'model/obj',
  '.stl': 'model/stl',
  '.usdz': 'model/vnd.usdz+zip',
  '.3mf': 'model/3mf',
  '.zip': 'application/zip',
};

/**
 * The finished models of this session, on disk. A file the agent already saved (`download_model` writes
 * `<taskId>_<output>.<ext>` into the same folder) is served as it is; otherwise it is downloaded through the
 * core client, which fetches fresh links, so the page never meets an expiring or cross-origin URL.
 */
export class ModelFiles {
  readonly #client: TripoClient;
  readonly #dir: string;
  readonly #pending = new Map<string, Promise<ModelFile>>();

  constructor(client: TripoClient, dir: string) {
    this.#client = client;
    this.#dir = dir;
  }

  /** The model of a finished task; concurrent requests for one task share one download. */
  get(taskId: string): Promise<ModelFile> {
    let pending = this.#pending.get(taskId);
    if (!pending) {
      pending = this.#load(taskId).finally(() => this.#pending.delete(taskId));
      this.#pending.set(taskId, pending);
    }
    return pending;
  }

  async #load(taskId: string): Promise<ModelFile> {
    const saved = await this.#find(taskId);
    if (saved) return saved;
    const result = await this.#client.downloadTaskOutput(taskId, { dir: this.#dir });
    return { path: result.path, size: result.bytes, contentType: contentTypeOf(result.path) };
  }

  async #find(taskId: string): Promise<ModelFile | undefined> {
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return undefined;
    }
    for (const output of MODEL_OUTPUTS) {
      const stem = `${taskId}_${output}.`;
      const name = names.find((n) => n.startsWith(stem));
      if (!name) continue;
      const file = path.join(this.#dir, name);
      const info = await stat(file);
      if (info.isFile() && info.size > 0)
        return { path: file, size: info.size, contentType: contentTypeOf(file) };
    }
    return undefined;
  }
}

function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
