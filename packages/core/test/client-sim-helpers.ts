import {
  createTripoHandlers,
  FakeClock,
  TripoSimulator,
  type TripoSimulatorOptions,
} from '@tripokit/testing';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { TripoClient, type TripoClientOptions } from '../src/index.js';

export const KEY = 'tsk_sim_secret_key_do_not_leak_42';
export type Version = 'v2' | 'v3';
export const VERSIONS: readonly Version[] = ['v3', 'v2'];

/** One msw server per test file; each test gets a fresh simulator and clock through {@link simulate}. */
export function useMswServer(): ReturnType<typeof setupServer> {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

export interface Simulation {
  sim: TripoSimulator;
  clock: FakeClock;
  client: TripoClient;
  /** API requests seen by the simulator on one route kind, e.g. creates or queries. */
  count(pathPattern: RegExp, method?: string): number;
}

export function simulate(
  server: ReturnType<typeof setupServer>,
  version: Version,
  options: { sim?: TripoSimulatorOptions; client?: TripoClientOptions } = {},
): Simulation {
  const clock = new FakeClock();
  const sim = new TripoSimulator({ clock, apiKey: KEY, ...options.sim });
  server.use(...createTripoHandlers(sim));
  const client = new TripoClient({
    apiKey: KEY,
    baseUrl: sim.apiBase(version),
    clock,
    env: {},
    webSocket: false,
    ...options.client,
  });
  const count = (pathPattern: RegExp, method?: string): number =>
    sim.requests.filter((r) => pathPattern.test(r.path) && (method === undefined || r.method === method))
      .length;
  return { sim, clock, client, count };
}

/** Create routes of both dialects. */
export const CREATE_PATH = /\/v2\/openapi\/task$|\/v3\/(generation|models|mesh|animations)\//;
/** Task query routes of both dialects. */
export const QUERY_PATH = /\/v2\/openapi\/task\/[^/]+$|\/v3\/tasks\/(?!list)[^/]+$/;
