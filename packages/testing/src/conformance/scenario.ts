import { expect } from 'vitest';
import type { TripoSimulator } from '../sim/simulator.js';
import { containsSecret } from './checks.js';
import type {
  ConformanceDriver,
  ConformanceEnv,
  ConformanceGroup,
  ProgressUpdate,
  ToolCallOptions,
  ToolCallOutcome,
  ToolListing,
} from './driver.js';
import type { ScenarioWorld } from './environment.js';

/** What a scenario works with: a fresh simulator and driver, and a call that checks for leaks. */
export interface ScenarioContext {
  env: ConformanceEnv;
  sim: TripoSimulator;
  driver: ConformanceDriver;
  catalogue: readonly ToolListing[];
  /** A PNG inside the allowed input folder. */
  imagePath: string;
  /** Simulated ms per real ms of the tools' clock (see {@link ScenarioWorld.speed}). */
  speed: number;
  /** Calls a tool through the driver; every outcome is checked for the API key before it is returned. */
  call(name: string, args: Record<string, unknown>, options?: ToolCallOptions): Promise<ToolCallOutcome>;
  /** Every outcome of this scenario so far. */
  outcomes: ToolCallOutcome[];
}

/** One scenario: written once, run against every adapter. */
export interface Scenario {
  name: string;
  run(context: ScenarioContext): Promise<void>;
}

/** A named group of scenarios (one `describe` block). */
export interface ScenarioGroup {
  name: ConformanceGroup;
  scenarios: readonly Scenario[];
}

/** Builds the context of one scenario around a driver. */
export function scenarioContext(
  world: ScenarioWorld,
  driver: ConformanceDriver,
  catalogue: readonly ToolListing[],
): ScenarioContext {
  const outcomes: ToolCallOutcome[] = [];
  const { env } = world;
  return {
    env,
    sim: env.sim,
    driver,
    catalogue,
    imagePath: world.imagePath,
    speed: world.speed,
    outcomes,
    async call(name, args, options = {}) {
      const { onProgress, ...callOptions } = options;
      const live: ProgressUpdate[] = [];
      const outcome = await driver.callTool(name, args, {
        ...callOptions,
        onProgress: (update) => {
          live.push(update);
          onProgress?.(update);
        },
      });
      outcomes.push(outcome);
      expect(containsSecret(outcome, env.apiKey), `${name} returned the API key`).toBe(false);
      expect(containsSecret(live, env.apiKey), `${name} sent the API key as progress`).toBe(false);
      expect(outcome.progress, `${name}: live progress and collected progress agree`).toEqual(live);
      return outcome;
    },
  };
}
