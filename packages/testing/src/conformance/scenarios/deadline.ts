import { expect } from 'vitest';
import { expectOrderedProgress, resultOf, stringField } from '../checks.js';
import type { ScenarioGroup } from '../scenario.js';
import { createRequests, expectSavedGlb } from '../sim-queries.js';

export const deadline: ScenarioGroup = {
  name: 'deadlines',
  scenarios: [
    {
      name: 'a wait that reaches its deadline returns "still running" with the task id; a later call finishes it',
      async run({ call, sim, env, speed }) {
        // Runs three deadlines long in the tools' own time, so the first calls must give up first.
        sim.script('glacier', { status: 'success', runningMs: env.waitSeconds * 1000 * speed * 3 });

        const first = await call('generate_3d_model', { prompt: 'a glacier diorama' });
        const started = resultOf(first);
        const taskId = stringField(started, 'task_id');
        expect(started.terminal).toBe(false);
        expect(['queued', 'running']).toContain(started.status);
        expect(started.file).toBeUndefined();
        expect(stringField(started, 'next_step')).toContain('wait_for_task');
        expectOrderedProgress(first.progress, 1);
        expect(first.progress[0]?.taskId ?? taskId).toBe(taskId);

        const again = resultOf(await call('wait_for_task', { task_id: taskId, timeout_seconds: 1 }));
        expect(again).toMatchObject({ task_id: taskId, terminal: false });
        expect(stringField(again, 'wait_message')).toContain('wait_for_task');

        const done = resultOf(await call('wait_for_task', { task_id: taskId, timeout_seconds: 600 }));
        expect(done).toMatchObject({ task_id: taskId, status: 'success', terminal: true });
        const saved = resultOf(await call('download_model', { task_id: taskId }));
        await expectSavedGlb(saved, env.outputDir);

        expect(sim.tasks).toHaveLength(1);
        expect(createRequests(sim)).toHaveLength(1);
      },
    },
  ],
};
