import { setupServer } from 'msw/node';
import { afterAll, beforeAll } from 'vitest';
import { createTripoHandlers, FakeClock, TripoSimulator, type TripoSimulatorOptions } from '../src/index.js';
import { refuseUnhandled } from '../src/msw.js';

export const KEY = 'tsk_test_key';

/** One msw server per test file; each `makeSim` call routes it to a fresh simulator. */
export function useMswSimulator() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: refuseUnhandled() }));
  afterAll(() => server.close());
  return (options: TripoSimulatorOptions = {}) => {
    const clock = options.clock instanceof FakeClock ? options.clock : new FakeClock();
    const sim = new TripoSimulator({ clock, ...options });
    server.resetHandlers(...createTripoHandlers(sim));
    return { sim, clock };
  };
}

/** A tiny JSON client for tests: returns status, headers and parsed body. */
export function api(base: string, key: string | null = KEY) {
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON.
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    call,
  };
}
