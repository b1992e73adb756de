import { HighpolyToLowpolyRequest, highpolyToLowpolyRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = HighpolyToLowpolyRequest.omit({ type: true }).superRefine(highpolyToLowpolyRules);

/** `smart_lowpoly`: a clean low-poly version of a model. */
export const smartLowpolyTool = defineTaskTool({
  name: 'smart_lowpoly',
  title: 'Make a low-poly version',
  description: `Starts a Tripo smart low-poly task (highpoly_to_lowpoly) that rebuilds the model of an earlier successful task (original_model_task_id) with clean, hand-made-looking low-poly topology: face_limit 500–20000 (500–10000 with quad, which outputs FBX). Returns its task_id at once; it takes a few minutes. Cost: ${CREDIT_PRICES.smartLowPoly} credits, charged only on success. Next: wait_for_task, then download_model.`,
  input,
  request: (params) => ({ type: 'highpoly_to_lowpoly', ...params }),
  summary: (params) => `low poly of ${params.original_model_task_id}`,
});
