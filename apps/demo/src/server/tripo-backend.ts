import { TripoClient } from '@tripokit/core';
import type { DemoInfo } from '../shared/api.js';

/** Where the demo's 3D tasks run, and the client that reaches it. */
export interface TripoBackend {
  client: TripoClient;
  info: DemoInfo['tripo'];
  close(): Promise<void>;
}

/** Options of the built-in simulator (offline mode). */
export interface SimulatorSettings {
  /**
   * How much faster than real Tripo the simulator runs. The default makes a text-to-model task take about
   * 5 s (3 s queue + 60 s run at speed 1).
   */
  speed?: number;
}

/** Makes a generation take about five seconds. */
export const DEFAULT_SIMULATOR_SPEED = 12.6;

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
    speed: settings.speed ?? DEFAULT_SIMULATOR_SPEED,
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
