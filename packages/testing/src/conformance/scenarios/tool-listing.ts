import { expect } from 'vitest';
import { byName } from '../checks.js';
import type { ScenarioGroup } from '../scenario.js';

/** The names every adapter must keep: the seed contract. */
const SEED_TOOLS = ['create_3d_model_from_text', 'create_3d_model_from_image', 'get_task_status'];

/** Tool names and input schemas: identical to the catalogue, hence identical across adapters. */
export const toolListing: ScenarioGroup = {
  name: 'tool listing',
  scenarios: [
    {
      name: 'lists every catalogue tool once, under its catalogue name, without calling Tripo',
      async run({ driver, catalogue, sim }) {
        const listed = (await driver.listTools()).map((tool) => tool.name);
        expect(new Set(listed).size, 'no duplicate names').toBe(listed.length);
        expect([...listed].sort()).toEqual(catalogue.map((tool) => tool.name).sort());
        expect(listed).toEqual(expect.arrayContaining(SEED_TOOLS));
        for (const name of listed) expect(name).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
        expect(sim.requests).toEqual([]);
      },
    },
    {
      name: "presents each tool's input JSON Schema exactly as the catalogue derives it",
      async run({ driver, catalogue }) {
        const listed = byName(await driver.listTools());
        const expected = byName(catalogue);
        for (const [name, schema] of Object.entries(expected)) {
          expect(listed[name], `input schema of ${name}`).toEqual(schema);
        }
      },
    },
  ],
};
