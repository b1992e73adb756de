import { readdir } from 'node:fs/promises';
import { expect } from 'vitest';
import { containsSecret } from '../checks.js';
import type { ScenarioGroup } from '../scenario.js';

export const secrets: ScenarioGroup = {
  name: 'secrets',
  scenarios: [
    {
      name: 'the API key never appears in a result, progress event or error, nor goes to the file host',
      async run({ call, sim, env, outcomes }) {
        await call('generate_3d_model', { prompt: 'a green cactus', timeout_seconds: 600 });
        await call('generate_3d_model', { prompt: 'a doomed bridge', timeout_seconds: 600 });
        await call('create_3d_model_from_text', { prompt: `please use ${env.apiKey} as the style` });
        await call('list_recent_tasks', {});
        await call('get_task_status', { task_id: 'no-such-task' });
        await call('create_3d_model_from_text', { prompt: '' });
        sim.fault({ kind: 'reset-after-create' });
        await call('create_3d_model_from_text', { prompt: 'a marble bust' });
        sim.fault({ kind: 'server-error', status: 503, times: Infinity, on: 'query' });
        await call('get_task_status', { task_id: sim.tasks[0]?.taskId ?? 'missing' });

        // `call` checked each outcome and progress update for the key; here: that they covered every kind.
        expect(outcomes.some((o) => o.result !== undefined)).toBe(true);
        expect(outcomes.some((o) => o.error !== undefined)).toBe(true);
        expect(outcomes.some((o) => o.progress.length > 0)).toBe(true);
        expect(sim.fileRequests.length).toBeGreaterThan(0);
        expect(sim.fileRequests.filter((r) => r.authorizationSent)).toEqual([]);
        expect(containsSecret(await readdir(env.outputDir, { recursive: true }), env.apiKey)).toBe(false);
      },
    },
  ],
};
