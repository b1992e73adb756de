/**
 * What the page and the demo server agree on: the routes and the shape of `GET /api/info`.
 * Imported by both sides, so it holds types and pure helpers only.
 */

/** Which language model answers the chat. */
export type AgentKind = 'scripted' | 'openai' | 'anthropic';

/** Where 3D tasks run. */
export type TripoKind = 'simulator' | 'api';

/** `GET /api/info`: the mode the demo runs in, shown in the page header. */
export interface DemoInfo {
  agent: { kind: AgentKind; label: string };
  tripo: { kind: TripoKind; label: string };
}

/** The chat route, spoken by `useChat`'s default transport. */
export const CHAT_ROUTE = '/api/chat';
export const INFO_ROUTE = '/api/info';
/** Prefix of the same-origin route for finished model files. */
export const MODEL_ROUTE_PREFIX = '/api/models/';

/** Task ids are opaque, but only these characters are ever accepted in a model route. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

/** The same-origin URL of a finished task's model file. */
export function modelFileUrl(taskId: string, options: { download?: boolean } = {}): string {
  const base = `${MODEL_ROUTE_PREFIX}${encodeURIComponent(taskId)}`;
  return options.download ? `${base}?download=1` : base;
}
