import { TripoClient } from '@tripokit/core';
import type { SimTiming } from '@tripokit/testing';
import type { DemoInfo } from '../shared/api.js';

/** Where the demo's 3D tasks run, and the client that reaches it. */
export interface TripoBackend {
  client: TripoClient;
  info: DemoInfo['tripo'];
  close(): Promise<void>;
}

/** Options of the built-in simulator (offline mode). */
export interface SimulatorSettings {
  /** How much faster than real Tripo the simulated clock runs (default 12). */
  speed?: number;
  /** Simulated durations at speed 1 (default: 15 s in the queue, 45 s running for 3D tasks). */
  timing?: Partial<SimTiming>;
}

/**
 * With these, a generation takes about five seconds: just over a second in the queue (so the queue position
 * shows) and under four running, with progress and an ETA at every poll.
 */
export const DEFAULT_SIMULATOR: Required<SimulatorSettings> = {
  speed: 12,
  timing: { queuedMs: 15_000, modelMs: 45_000 },
};

/** The key the demo's client and its simulator share; it only ever travels over loopback. */
const SIMULATOR_KEY = 'tsk_tripokit_demo_offline';

/**
 * With `TRIPO_API_KEY` set, the real Tripo API (the client reads the `TRIPO_*` variables). Otherwise a Tripo
 * simulator started in-process on loopback, with its own key, so nothing leaves the machine.
 */
export async function startTripoBackend(
  env: Readonly<Record<string, string | undefined>>,
  settings: SimulatorSettings = {},
): Promise<TripoBackend> {
  if (env.TRIPO_API_KEY?.trim()) {
    const client = new TripoClient({ env });
    return { client, info: { kind: 'api', label: 'Tripo API' }, close: async () => {} };
  }
  const { startTripoSimulator } = await import('@tripokit/testing');
  const sim = await startTripoSimulator({
    port: 0,
    host: '127.0.0.1',
    speed: settings.speed ?? DEFAULT_SIMULATOR.speed,
    timing: { ...DEFAULT_SIMULATOR.timing, ...settings.timing },
    apiKey: SIMULATOR_KEY,
  });
  // An empty env: stray TRIPO_* variables must not point the offline client anywhere else.
  const client = new TripoClient({ apiKey: SIMULATOR_KEY, baseUrl: sim.apiBase, env: {} });
  return {
    client,
    info: { kind: 'simulator', label: 'Tripo simulator (offline)' },
    close: () => sim.close(),
  };
}
