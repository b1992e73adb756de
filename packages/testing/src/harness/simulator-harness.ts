import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createTripoHandlers, refuseUnhandled } from '../msw.js';
import { FakeClock } from '../sim/clock.js';
import { TripoSimulator } from '../sim/simulator.js';
import type { Dialect } from '../sim/types.js';

/** Options of {@link useSimulatorHarness}. */
export interface SimulatorHarnessOptions {
  /** The only key the simulator accepts. */
  apiKey: string;
  /** Names each test's temporary folder (`tripokit-<name>-…`). */
  name: string;
  /** Dialect of the client settings in {@link SimulatorHarness.toolOptions}. Default `v3`. */
  apiVersion?: Dialect;
  /**
   * Let requests to loopback hosts through to the network, for tests that also run a real local server.
   * Otherwise any request msw does not handle fails the test: nothing may reach the real network.
   */
  passLoopback?: boolean;
}

/**
 * Settings for a TripoKit tools factory (`createTripoTools`, `createTripoMcpServer`, …): the client pointed at
 * the simulator on its fake clock, downloads into the test's folder, and no settings read from `process.env`.
 */
export interface SimulatorToolOptions {
  clientOptions: { apiKey: string; baseUrl: string; clock: FakeClock };
  outputDir: string;
  env: Record<string, string>;
}

/** One test's world. Every field is fresh in every test. */
export interface SimulatorHarness {
  sim: TripoSimulator;
  /** The simulator's clock; the client under test must sleep on it too. */
  clock: FakeClock;
  /** The test's own temporary folder, removed after it. */
  root: string;
  /** `<root>/models`, not created: where downloads go. */
  outputDir: string;
  /** `<root>/inputs`, created: the folder to allow local input files from. */
  inputDir: string;
  /** `<root>/elsewhere`, created: a folder that is not allowed for inputs. */
  outsideDir: string;
  toolOptions: SimulatorToolOptions;
}

function isLoopback(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
}

/**
 * Registers vitest hooks for a file: msw intercepting `fetch` once per file, and per test a fresh
 * {@link TripoSimulator} on a {@link FakeClock} behind it, plus a temporary folder removed afterwards.
 * The returned handle's fields are replaced before each test, so read them inside tests only.
 *
 * `setup` adds what one adapter's tests need (its tools, a server factory…) to the same handle, after the
 * simulator and folders exist. Teardown of its own belongs in an `afterEach` registered after this call: it
 * runs before the folder is removed.
 */
export function useSimulatorHarness(options: SimulatorHarnessOptions): SimulatorHarness;
export function useSimulatorHarness<Extra extends object>(
  options: SimulatorHarnessOptions,
  setup: (base: SimulatorHarness) => Extra | Promise<Extra>,
): SimulatorHarness & Extra;
export function useSimulatorHarness<Extra extends object>(
  options: SimulatorHarnessOptions,
  setup?: (base: SimulatorHarness) => Extra | Promise<Extra>,
): SimulatorHarness & Extra {
  const msw = setupServer();
  const harness = {} as SimulatorHarness & Extra;
  let root: string | undefined;

  beforeAll(() =>
    msw.listen({ onUnhandledFrame: refuseUnhandled(options.passLoopback ? isLoopback : undefined) }),
  );
  afterAll(() => msw.close());
  beforeEach(async () => {
    const clock = new FakeClock();
    const sim = new TripoSimulator({ clock, apiKey: options.apiKey });
    msw.resetHandlers(...createTripoHandlers(sim));
    root = await mkdtemp(path.join(tmpdir(), `tripokit-${options.name}-`));
    const outputDir = path.join(root, 'models');
    const inputDir = path.join(root, 'inputs');
    const outsideDir = path.join(root, 'elsewhere');
    await Promise.all([mkdir(inputDir), mkdir(outsideDir)]);
    const base: SimulatorHarness = {
      sim,
      clock,
      root,
      outputDir,
      inputDir,
      outsideDir,
      toolOptions: {
        clientOptions: { apiKey: options.apiKey, baseUrl: sim.apiBase(options.apiVersion ?? 'v3'), clock },
        outputDir,
        env: {},
      },
    };
    Object.assign(harness, base, setup ? await setup(base) : {});
  });
  afterEach(async () => {
    if (root !== undefined) await rm(root, { recursive: true, force: true });
    root = undefined;
  });
  return harness;
}
