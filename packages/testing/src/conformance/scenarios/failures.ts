import { expect } from 'vitest';
import { errorOf, failedTaskOf, resultOf, stringField } from '../checks.js';
import type { ScenarioContext, ScenarioGroup } from '../scenario.js';
import { createRequests } from '../sim-queries.js';

/** What an agent learns from one failed generation: the cause and the advice it should follow. */
interface Reported {
  /** The normalised outcome (`banned`, `failed`, `expired`), or the error code when nothing was created. */
  outcome: string;
  cause: string;
  advice: string;
}

/**
 * Runs generate_3d_model with a prompt whose keyword scripts the simulator's outcome (see the testing
 * README), and returns the reported cause and advice. A task that ended badly is an error result that still
 * carries the task's structured status.
 */
async function endedTask(context: ScenarioContext, prompt: string): Promise<Reported> {
  const outcome = await context.call('generate_3d_model', { prompt, timeout_seconds: 600 });
  const status = failedTaskOf(outcome);
  expect(status.status).not.toBe('success');
  expect(status.file, 'nothing is downloaded').toBeUndefined();
  expect(stringField(status, 'task_id')).toBe(context.sim.tasks.at(-1)?.taskId);
  expect(stringField(status, 'message')).not.toBe('');
  return {
    outcome: stringField(status, 'outcome'),
    cause: stringField(status, 'failure_cause'),
    advice: stringField(status, 'next_step'),
  };
}

/** A top-up is needed before anything is created: a failed call, with the advice as its suggestion. */
async function noCredit(context: ScenarioContext): Promise<Reported> {
  const { sim } = context;
  const tasksBefore = sim.tasks.length;
  const createsBefore = createRequests(sim).length;
  sim.setBalance(0);
  const error = errorOf(
    await context.call('generate_3d_model', { prompt: 'a brass lantern', timeout_seconds: 600 }),
  );
  expect(error.code).toBe('insufficient_credits');
  expect(sim.tasks, 'no task was created').toHaveLength(tasksBefore);
  expect(createRequests(sim), 'one create, refused, never repeated').toHaveLength(createsBefore + 1);
  return { outcome: error.code, cause: error.code, advice: error.suggestion ?? '' };
}

const banned = (c: ScenarioContext) => endedTask(c, 'a forbidden statue');
const serverError = (c: ScenarioContext) => endedTask(c, 'a doomed vase');
const expired = (c: ScenarioContext) => endedTask(c, 'a stale loaf of bread');

export const failures: ScenarioGroup = {
  name: 'failure outcomes',
  scenarios: [
    {
      name: 'banned by the content policy: cause content_policy, advice to change the request',
      async run(context) {
        const { outcome, cause, advice } = await banned(context);
        expect(outcome).toBe('banned');
        expect(cause).toBe('content_policy');
        expect(advice).not.toBe('');
      },
    },
    {
      name: 'failed with a server error: cause server_error, advice to try again',
      async run(context) {
        const { outcome, cause, advice } = await serverError(context);
        expect(outcome).toBe('failed');
        expect(cause).toBe('server_error');
        expect(advice).not.toBe('');
      },
    },
    {
      name: 'expired: outcome expired, with its cause and advice',
      async run(context) {
        const { outcome, cause, advice } = await expired(context);
        expect(outcome).toBe('expired');
        expect(cause).toBe('expired');
        expect(advice).not.toBe('');
      },
    },
    {
      name: 'not enough credit: insufficient_credits before any task exists, with advice',
      async run(context) {
        const { advice } = await noCredit(context);
        expect(advice).not.toBe('');
      },
    },
    {
      name: 'a task that ended badly is an error result from every status tool, with its status and advice; success is not',
      async run(context) {
        const { call, sim } = context;
        const created = resultOf(await call('create_3d_model_from_text', { prompt: 'a doomed vase' }));
        const taskId = stringField(created, 'task_id');
        for (const [tool, args] of [
          ['wait_for_task', { task_id: taskId, timeout_seconds: 600 }],
          ['get_task_status', { task_id: taskId }],
        ] as const) {
          const status = failedTaskOf(await call(tool, args));
          expect(status, tool).toMatchObject({
            task_id: taskId,
            outcome: 'failed',
            failure_cause: 'server_error',
          });
        }

        const fine = stringField(
          resultOf(await call('create_3d_model_from_text', { prompt: 'a teacup' })),
          'task_id',
        );
        const done = resultOf(await call('wait_for_task', { task_id: fine, timeout_seconds: 600 }));
        expect(done).toMatchObject({ task_id: fine, outcome: 'success', terminal: true });
        expect(resultOf(await call('get_task_status', { task_id: fine }))).toMatchObject({
          outcome: 'success',
        });
        expect(sim.tasks, 'no call made a task of its own').toHaveLength(2);
      },
    },
    {
      name: 'each failure comes with its own advice',
      async run(context) {
        const reports: Reported[] = [];
        for (const run of [banned, serverError, expired, noCredit]) reports.push(await run(context));
        expect(new Set(reports.map((r) => r.outcome)).size).toBe(4);
        expect(new Set(reports.map((r) => r.advice)).size, 'advice differs per outcome').toBe(4);
      },
    },
  ],
};
