import type { ApiVersion } from '../options.js';
import type { CreateTaskRequest } from '../requests/index.js';

/** A task creation as it goes on the wire. */
export interface WireCreate {
  /** Path relative to the API base. */
  path: string;
  body: Record<string, unknown>;
}

/** What differs between the two API generations. Responses of both are normalised by `normalizeTask`. */
export interface Dialect {
  readonly version: ApiVersion;
  /** Route and body for a validated request. */
  createTask(request: CreateTaskRequest): WireCreate;
  taskPath(taskId: string): string;
  /** Batch task query (v3 only). */
  readonly batchPath?: string;
  readonly balancePath: string;
  readonly uploadPath: string;
  /** Presigned upload of any file, models included (v3 only): `{format}` → upload URL + `file_token`. */
  readonly presignPath?: string;
  /** The push channel for one task (v2 only). */
  watchUrl?(baseUrl: string, taskId: string): string;
}

/** Drops `undefined` values; keeps `null`, `false` and `0`, which the caller set on purpose. */
export function compact(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));
}

const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  webp: 'webp',
};
const MODEL_EXTENSIONS = new Set(['glb', 'gltf', 'obj', 'fbx', 'stl']);

/** The file type hint Tripo wants (`jpg`, `png`, `webp`, `glb`…) from a URL or key's extension. */
export function fileTypeFromName(name: string, kind: 'image' | 'model'): string | undefined {
  const path = name.split(/[?#]/, 1)[0] ?? '';
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (kind === 'image') return IMAGE_EXTENSIONS[ext];
  return MODEL_EXTENSIONS.has(ext) ? ext : undefined;
}
