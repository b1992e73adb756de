import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ConformanceSuiteOptions } from './driver.js';
import { createWorld, type MswServer, startMsw } from './environment.js';
import { type Scenario, scenarioContext } from './scenario.js';
import { SCENARIO_GROUPS } from './scenarios/index.js';

const DEFAULT_SERVER_SPEED = 50;

async function runScenario(options: ConformanceSuiteOptions, scenario: Scenario, msw: MswServer | undefined) {
  const mode = options.mode ?? 'msw';
  const world = await createWorld(mode, { msw, serverSpeed: options.serverSpeed ?? DEFAULT_SERVER_SPEED });
  try {
    const driver = await options.createDriver(world.env);
    try {
      await scenario.run(scenarioContext(world, driver, options.catalogue));
    } finally {
      await driver.close();
    }
  } finally {
    await world.dispose();
  }
}

/**
 * Registers the shared conformance scenarios (vitest `describe`/`it`) for one adapter. Every scenario gets
 * a fresh simulator and a fresh driver; the driver only translates between the suite and the framework.
 *
 * @example
 * runConformanceSuite({
 *   name: 'ai-sdk',
 *   catalogue: catalogueListing(tripoTools, toolInputJsonSchema),
 *   createDriver: (env) => createAiSdkDriver(env),
 * });
 */
export function runConformanceSuite(options: ConformanceSuiteOptions): void {
  const mode = options.mode ?? 'msw';
  describe(`TripoKit conformance: ${options.name} (${mode})`, () => {
    let msw: MswServer | undefined;
    if (mode === 'msw') {
      beforeAll(() => {
        msw = startMsw();
      });
      afterAll(() => msw?.close());
    }
    const groups = SCENARIO_GROUPS.filter(
      (g) => options.groups === undefined || options.groups.includes(g.name),
    );
    for (const group of groups) {
      describe(group.name, () => {
        for (const scenario of group.scenarios) it(scenario.name, () => runScenario(options, scenario, msw));
      });
    }
  });
}
