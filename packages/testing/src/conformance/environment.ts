import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { encodePng } from '../assets/png.js';
import { createTripoHandlers, refuseUnhandled } from '../msw.js';
import { startTripoSimulator } from '../server.js';
import { FakeClock } from '../sim/clock.js';
import { TripoSimulator } from '../sim/simulator.js';
import type { ConformanceApiVersion, ConformanceEnv, SimulatorMode, SimulatorReading } from './driver.js';

/** A key shaped like a real one, so key-shaped masking is exercised too; it must never show anywhere. */
export const CONFORMANCE_API_KEY = 'tsk_conformance_9f2c4e1ab7d35086';

/** Deadline of the waiting tools: long enough to see progress, short next to a 63 s generation. */
const WAIT_SECONDS = { msw: 20, server: 2 } as const;

/** An msw server shared by every scenario of one suite run; each scenario routes it to its own simulator. */
export type MswServer = ReturnType<typeof setupServer>;

/** Starts the process-wide msw interception the `msw` mode needs; nothing else may reach the network. */
export function startMsw(): MswServer {
  const server = setupServer();
  server.listen({ onUnhandledFrame: refuseUnhandled() });
  return server;
}

/** One scenario's world: the simulator, the folders, a local image, and how to tear it all down. */
export interface ScenarioWorld {
  env: ConformanceEnv;
  /** A PNG inside the allowed input folder. */
  imagePath: string;
  /**
   * Simulated milliseconds per real millisecond of the tools' own clock: 1 with the shared fake clock, the
   * server's speed-up otherwise. Scenarios scale task durations by it to stay ahead of or behind deadlines.
   */
  speed: number;
  dispose(): Promise<void>;
}

function solidImage(width: number, height: number): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set([200, 80, 40, 255], i);
  return encodePng({ width, height, pixels });
}

/** How one run of the suite talks to its simulator. */
export interface WorldOptions {
  msw?: MswServer;
  serverSpeed: number;
  apiVersion: ConformanceApiVersion;
  reading: SimulatorReading;
}

/** Builds a fresh simulator and folders for one scenario, in the given mode, dialect and reading. */
export async function createWorld(mode: SimulatorMode, options: WorldOptions): Promise<ScenarioWorld> {
  const root = await mkdtemp(path.join(tmpdir(), 'tripokit-conformance-'));
  const outputDir = path.join(root, 'output');
  const inputDir = path.join(root, 'input');
  await mkdir(outputDir);
  await mkdir(inputDir);
  const imagePath = path.join(inputDir, 'subject.png');
  await writeFile(imagePath, solidImage(300, 300));

  const { apiVersion, reading } = options;
  const strictV3 = reading === 'strict';
  let sim: TripoSimulator;
  let clock: FakeClock | undefined;
  let stop: () => Promise<void>;
  if (mode === 'msw') {
    if (options.msw === undefined) throw new Error('The msw mode needs the suite-wide msw server.');
    const msw = options.msw;
    clock = new FakeClock();
    sim = new TripoSimulator({ clock, apiKey: CONFORMANCE_API_KEY, strictV3 });
    msw.resetHandlers(...createTripoHandlers(sim));
    stop = async () => msw.resetHandlers();
  } else {
    const running = await startTripoSimulator({
      port: 0,
      speed: options.serverSpeed,
      apiKey: CONFORMANCE_API_KEY,
      apiVersion,
      strictV3,
    });
    sim = running.sim;
    stop = () => running.close();
  }

  const waitSeconds = WAIT_SECONDS[mode];
  const baseUrl = sim.apiBase(apiVersion);
  const env: ConformanceEnv = {
    mode,
    reading,
    sim,
    baseUrl,
    apiVersion,
    apiKey: CONFORMANCE_API_KEY,
    clock,
    outputDir,
    allowedInputDirs: [inputDir],
    waitSeconds,
    toolOptions: {
      clientOptions: { apiKey: CONFORMANCE_API_KEY, baseUrl, apiVersion, ...(clock ? { clock } : {}) },
      outputDir,
      allowedInputDirs: [inputDir],
      waitSeconds,
      env: {},
    },
    envVars: {
      TRIPO_API_KEY: CONFORMANCE_API_KEY,
      TRIPO_BASE_URL: baseUrl,
      TRIPO_API_VERSION: apiVersion,
      TRIPOKIT_OUTPUT_DIR: outputDir,
      TRIPOKIT_ALLOWED_INPUT_DIRS: inputDir,
      TRIPOKIT_WAIT_SECONDS: String(waitSeconds),
    },
  };
  return {
    env,
    imagePath,
    speed: mode === 'msw' ? 1 : options.serverSpeed,
    async dispose() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
