import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { detectFileType, type RecentTasks, type TripoClient } from '@tripokit/core';

/** A model file on disk, ready to serve. */
export interface ModelFile {
  path: string;
  size: number;
  contentType: string;
}

/** The saved file at `path`, typed by core from its extension, if it is still there. */
async function savedFile(path: string | undefined): Promise<ModelFile | undefined> {
  if (path === undefined) return undefined;
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile() || info.size === 0) return undefined;
  const { contentType } = detectFileType({
    head: new Uint8Array(0),
    totalBytes: 0,
    url: pathToFileURL(path).href,
  });
  return { path, size: info.size, contentType };
}

/**
 * The finished models of this session, on disk. The file a tool already saved (`generate_3d_model` and
 * `download_model` record its path in the session's recent tasks) is served as it is; otherwise it is
 * downloaded through the core client, which fetches fresh links, so the page never meets an expiring or
 * cross-origin URL, and recorded the same way.
 */
export class ModelFiles {
  readonly #client: TripoClient;
  readonly #recentTasks: RecentTasks;
  readonly #dir: string;
  readonly #pending = new Map<string, Promise<ModelFile>>();

  constructor(client: TripoClient, recentTasks: RecentTasks, dir: string) {
    this.#client = client;
    this.#recentTasks = recentTasks;
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
    const saved = await savedFile(this.#recentTasks.get(taskId)?.downloadedPath);
    if (saved) return saved;
    const result = await this.#client.downloadTaskOutput(taskId, { dir: this.#dir });
    this.#recentTasks.record({ taskId, downloadedPath: result.path });
    return { path: result.path, size: result.bytes, contentType: result.contentType };
  }
}
