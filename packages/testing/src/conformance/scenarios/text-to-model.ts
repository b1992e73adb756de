import { expect } from 'vitest';
import { expectOrderedProgress, resultOf, stringField } from '../checks.js';
import type { ScenarioContext, ScenarioGroup } from '../scenario.js';
import { createRequests, expectSavedGlb } from '../sim-queries.js';

/** Long enough for any generation in every mode: these scenarios are about success, not deadlines. */
const PATIENT = 600;

/** Fields `get_task_status` has always returned; agents and apps read them by name. */
const SEED_STATUS_FIELDS = [
  'task_id',
  'status',
  'progress',
  'model_url',
  'pbr_model_url',
  'base_model_url',
  'rendered_image_url',
  'message',
  'next_step',
];

/**
 * Lets generations run for three seconds of the tools' own time, so that polling at any clock speed sees the
 * task running, not only queued and then done.
 */
function observableRuns({ sim, speed }: ScenarioContext): void {
  sim.script({ type: 'text_to_model' }, { status: 'success', runningMs: 3_000 * speed });
}

export const textToModel: ScenarioGroup = {
  name: 'text to model',
  scenarios: [
    {
      name: 'generate_3d_model goes from a prompt to a downloaded GLB, with ordered progress',
      async run(context) {
        const { call, sim, env } = context;
        observableRuns(context);
        const outcome = await call('generate_3d_model', {
          prompt: 'a small red fox',
          timeout_seconds: PATIENT,
        });
        const result = resultOf(outcome);
        expect(result.status).toBe('success');
        expect(result.terminal).toBe(true);
        const taskId = stringField(result, 'task_id');
        await expectSavedGlb(result.file, env.outputDir);

        expectOrderedProgress(outcome.progress, 3);
        expect(
          outcome.progress.some((u) => u.progress > 0 && u.progress < 100),
          'progress while the task runs',
        ).toBe(true);
        expect(outcome.progress.at(-1)?.progress).toBe(100);
        for (const update of outcome.progress)
          if (update.taskId !== undefined) expect(update.taskId).toBe(taskId);

        expect(sim.tasks).toHaveLength(1);
        expect(sim.tasks[0]).toMatchObject({
          taskId,
          type: 'text_to_model',
          params: { prompt: 'a small red fox' },
        });
        expect(createRequests(sim)).toHaveLength(1);
      },
    },
    {
      name: 'create, wait, status and download: get_task_status keeps its seed fields',
      async run(context) {
        const { call, sim, env } = context;
        observableRuns(context);
        const created = resultOf(await call('create_3d_model_from_text', { prompt: 'a wooden chair' }));
        const taskId = stringField(created, 'task_id');
        expect(created.status).toBe('queued');
        expect(stringField(created, 'next_step')).toContain('wait_for_task');

        const waited = await call('wait_for_task', { task_id: taskId, timeout_seconds: PATIENT });
        expect(resultOf(waited)).toMatchObject({ task_id: taskId, status: 'success', progress: 100 });
        expectOrderedProgress(waited.progress, 2);

        const status = resultOf(await call('get_task_status', { task_id: taskId }));
        for (const field of SEED_STATUS_FIELDS)
          expect(status, `get_task_status.${field}`).toHaveProperty(field);
        expect(status).toMatchObject({ task_id: taskId, status: 'success', progress: 100 });
        for (const field of ['model_url', 'pbr_model_url', 'base_model_url', 'rendered_image_url']) {
          expect(stringField(status, field).startsWith(sim.origin)).toBe(true);
        }

        const downloaded = resultOf(await call('download_model', { task_id: taskId }));
        await expectSavedGlb(downloaded, env.outputDir);
        expect(sim.tasks).toHaveLength(1);
      },
    },
  ],
};
