import { expect } from 'vitest';
import { errorOf } from '../checks.js';
import type { ScenarioGroup } from '../scenario.js';

/** Bad arguments, and the field each error must name. */
const CASES: ReadonlyArray<{ tool: string; args: Record<string, unknown>; field: string }> = [
  { tool: 'create_3d_model_from_text', args: {}, field: 'prompt' },
  { tool: 'create_3d_model_from_text', args: { prompt: 'a cat', face_limit: 'lots' }, field: 'face_limit' },
  {
    tool: 'generate_3d_model',
    args: { prompt: 'a cat', texture_quality: 'ultra' },
    field: 'texture_quality',
  },
  { tool: 'get_task_status', args: { task_id: '../../etc/passwd' }, field: 'task_id' },
];

export const invalidInput: ScenarioGroup = {
  name: 'invalid input',
  scenarios: CASES.map(({ tool, args, field }) => ({
    name: `${tool} ${JSON.stringify(args)} is rejected naming ${field}, and nothing is sent`,
    async run({ call, sim }) {
      const error = errorOf(await call(tool, args));
      expect(error.code).toBe('invalid_request');
      expect(error.message).toContain(field);
      expect(sim.requests).toEqual([]);
    },
  })),
};
