import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ConformanceApiVersion, ConformanceSuiteOptions, SimulatorReading } from './driver.js';
import { createWorld, type MswServer, startMsw } from './environment.js';
import { type Scenario, scenarioContext } from './scenario.js';
import { SCENARIO_GROUPS } from './scenarios/index.js';

const DEFAULT_SERVER_SPEED = 50;

/** One dialect and simulator reading the suite runs against. */
interface Variant {
  apiVersion: ConformanceApiVersion;
  reading: SimulatorReading;
}

async function runScenario(
  options: ConformanceSuiteOptions,
  variant: Variant,
  scenario: Scenario,
  msw: MswServer | undefined,
) {
  const mode = options.mode ?? 'msw';
  const world = await createWorld(mode, {
    msw,
    serverSpeed: options.serverSpeed ?? DEFAULT_SERVER_SPEED,
    ...variant,
  });
  try {
    const driver = await options.createDriver(world.env);
    try {
      const { catalogue } = options;
      const listing = typeof catalogue === 'function' ? catalogue(variant.apiVersion) : catalogue;
      await scenario.run(scenarioContext(world, driver, listing));
    } finally {
      await driver.close();
    }
  } finally {
    await world.dispose();
  }
}

/**
 * Registers the shared conformance scenarios (vitest `describe`/`it`) for one adapter, once per dialect (v3, v2)
 * and simulator reading (lenient, strict: see `TripoSimulatorOptions.strictV3`); `server` mode runs v3 with the
 * lenient simulator by default. Every scenario gets a fresh
 * simulator and a fresh driver; the driver only translates between the suite and the framework.
 *
 * @example
 * runConformanceSuite({
 *   name: 'ai-sdk',
 *   catalogue: (apiVersion) =>
 *     catalogueListing(createTripoToolkit({ clientOptions: { apiVersion } }).tools, (tool) => tool.inputJsonSchema),
 *   createDriver: (env) => createAiSdkDriver(env),
 * });
 */
export function runConformanceSuite(options: ConformanceSuiteOptions): void {
  const mode = options.mode ?? 'msw';
  const groups = SCENARIO_GROUPS.filter(
    (g) => options.groups === undefined || options.groups.includes(g.name),
  );
  // The extra server-mode run checks the transport; the msw run covers every dialect and reading.
  const full = mode === 'msw';
  const apiVersions = options.apiVersions ?? (full ? (['v3', 'v2'] as const) : (['v3'] as const));
  const readings = options.readings ?? (full ? (['lenient', 'strict'] as const) : (['lenient'] as const));
  for (const apiVersion of apiVersions) {
    for (const reading of readings) {
      const variant: Variant = { apiVersion, reading };
      describe(`TripoKit conformance: ${options.name} (${mode}, ${apiVersion}, ${reading} simulator)`, () => {
        let msw: MswServer | undefined;
        if (mode === 'msw') {
          beforeAll(() => {
            msw = startMsw();
          });
          afterAll(() => msw?.close());
        }
        for (const group of groups) {
          describe(group.name, () => {
            for (const scenario of group.scenarios)
              it(scenario.name, () => runScenario(options, variant, scenario, msw));
          });
        }
      });
    }
  }
}
