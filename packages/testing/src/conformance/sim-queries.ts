import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { isGlb } from '../assets/glb.js';
import type { SimRequest, TripoSimulator } from '../sim/simulator.js';
import { TASK_CATALOGUE } from '../sim/task-types.js';

const CREATE_PATHS: ReadonlySet<string> = new Set([
  ...Object.values(TASK_CATALOGUE).map((info) => `/v3${info.v3Route}`),
  '/v2/openapi/task',
]);

/** Requests that create a task, whatever they were answered: what billing safety counts. */
export function createRequests(sim: TripoSimulator): SimRequest[] {
  return sim.requests.filter((r) => r.method === 'POST' && CREATE_PATHS.has(r.path));
}

/** File uploads, in either dialect (`/v3/files…`, `/v2/openapi/upload…`). */
export function uploadRequests(sim: TripoSimulator): SimRequest[] {
  return sim.requests.filter((r) => /^\/v3\/files|^\/v2\/openapi\/upload/.test(r.path));
}

/** Status queries about one task. */
export function queriesOf(sim: TripoSimulator, taskId: string): SimRequest[] {
  return sim.requests.filter((r) => r.taskIds?.includes(taskId) && !r.path.includes('/watch/'));
}

/** Checks that a reported file sits inside `outputDir` and is the GLB the simulator made. */
export async function expectSavedGlb(file: unknown, outputDir: string): Promise<string> {
  expect(file, 'the result reports the saved file').toBeTypeOf('object');
  const { path: filePath, size_bytes } = file as { path?: unknown; size_bytes?: unknown };
  expect(typeof filePath).toBe('string');
  const real = await realpath(filePath as string);
  const root = await realpath(outputDir);
  expect(path.relative(root, real).startsWith('..'), `${real} is inside ${root}`).toBe(false);
  const info = await stat(real);
  expect(info.size).toBe(size_bytes);
  expect(isGlb(new Uint8Array(await readFile(real)))).toBe(true);
  return real;
}

/** Lets queued macrotasks (in-flight fetches, msw handlers, abort handlers) run. */
export async function settle(hops = 20): Promise<void> {
  for (let i = 0; i < hops; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
