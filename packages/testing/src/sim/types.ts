/** API dialect: v3 (`/v3/...`, the default) or v2 (`/v2/openapi/...`). */
export type Dialect = 'v2' | 'v3';

/** Task parameters in the v2 vocabulary (v3 bodies are normalised into it). */
export type Params = Record<string, unknown>;

/** A reference to an input file, resolved from a v2 file object or a v3 `input` string. */
export type FileRef =
  | { kind: 'token'; token: string; type?: string }
  | { kind: 'url'; url: string; type?: string }
  | { kind: 'object'; bucket: string; key: string; type?: string }
  | { kind: 'task'; taskId: string };
