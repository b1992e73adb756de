import { expect } from 'vitest';
import { errorOf, resultOf, stringField } from '../checks.js';
import type { ScenarioGroup } from '../scenario.js';
import { createRequests } from '../sim-queries.js';

export const billingSafety: ScenarioGroup = {
  name: 'billing safety',
  scenarios: [
    {
      name: 'a rate-limited create is retried after Retry-After and makes exactly one task',
      async run({ call, sim }) {
        const fault = sim.fault({ kind: 'rate-limit', retryAfterSeconds: 1 });
        const created = resultOf(await call('create_3d_model_from_text', { prompt: 'a teapot' }));
        expect(fault.hits).toBe(1);
        expect(sim.tasks).toHaveLength(1);
        expect(stringField(created, 'task_id')).toBe(sim.tasks[0]?.taskId);
        expect(createRequests(sim).map((r) => r.status)).toEqual([429, expect.any(Number)]);
      },
    },
    {
      name: 'a create whose connection drops after the task was made is reported as outcome unknown, never repeated',
      async run({ call, sim }) {
        sim.fault({ kind: 'reset-after-create' });
        const error = errorOf(await call('create_3d_model_from_text', { prompt: 'a lighthouse' }));
        expect(error.code).toBe('outcome_unknown');
        expect(error.suggestion ?? '', 'says what to check instead of retrying').not.toBe('');
        expect(sim.tasks, 'the one task Tripo made').toHaveLength(1);
        expect(createRequests(sim), 'no second create').toHaveLength(1);
      },
    },
  ],
};
