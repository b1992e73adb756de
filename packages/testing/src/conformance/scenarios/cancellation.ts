import { expect } from 'vitest';
import { errorOf, resultOf, stringField } from '../checks.js';
import type { ScenarioContext, ScenarioGroup } from '../scenario.js';
import { queriesOf, settle } from '../sim-queries.js';

/** Lets time pass in the tools' clock: virtual time with the fake clock, a little real time otherwise. */
async function letTimePass(context: ScenarioContext): Promise<void> {
  const clock = context.env.clock;
  await settle();
  if (clock) {
    clock.advance(120_000);
    await settle();
  } else {
    await new Promise((resolve) => setTimeout(resolve, 2_500));
  }
}

export const cancellation: ScenarioGroup = {
  name: 'cancellation',
  scenarios: [
    {
      name: 'cancelling mid-wait ends the call as aborted, stops polling, and leaves the task running at Tripo',
      async run(context) {
        const { call, sim } = context;
        const created = resultOf(await call('create_3d_model_from_text', { prompt: 'a stuck robot' }));
        const taskId = stringField(created, 'task_id');

        const controller = new AbortController();
        const outcome = await call(
          'wait_for_task',
          { task_id: taskId, timeout_seconds: 600 },
          { signal: controller.signal, onProgress: () => controller.abort() },
        );
        expect(controller.signal.aborted, 'progress arrived while waiting').toBe(true);
        expect(errorOf(outcome).code).toBe('aborted');

        await settle();
        const polled = queriesOf(sim, taskId).length;
        await letTimePass(context);
        expect(queriesOf(sim, taskId), 'no polling after the cancel').toHaveLength(polled);

        expect(sim.task(taskId)?.status, 'the Tripo task itself is not cancelled').toBe('queued');
        const status = resultOf(await call('get_task_status', { task_id: taskId }));
        expect(status).toMatchObject({ task_id: taskId, terminal: false });
      },
    },
  ],
};
