import { HighpolyToLowpolyRequest, highpolyToLowpolyRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { dialectTool, lowpolyVersion } from './dialect.js';
import { defineTaskTool } from './task-tool.js';

/** `smart_lowpoly`: a clean low-poly version of a model. */
export const smartLowpolyTool = dialectTool((dialect) =>
  defineTaskTool({
    name: 'smart_lowpoly',
    title: 'Make a low-poly version',
    description: `Starts a task that rebuilds a model with clean low-poly topology (a few minutes). Cost: ${CREDIT_PRICES.smartLowPoly} credits on success. Then wait_for_task.`,
    input: HighpolyToLowpolyRequest.omit({ type: true })
      .extend({ model_version: lowpolyVersion(dialect) })
      .superRefine(highpolyToLowpolyRules),
    request: (params) => ({ type: 'highpoly_to_lowpoly', ...params }),
    summary: (params) => `low poly of ${params.original_model_task_id}`,
  }),
);
