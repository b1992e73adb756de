import { AnimateRetargetRequest, animateRetargetRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = AnimateRetargetRequest.omit({ type: true }).superRefine(animateRetargetRules);

/** `retarget_animation`: applies preset animations to a rigged model. */
export const retargetAnimationTool = defineTaskTool({
  name: 'retarget_animation',
  title: 'Animate a rigged model',
  description: `Starts a task that applies 1–5 preset animations to a model rigged by rig_model; returns its task_id at once (a minute or more). Cost: ${CREDIT_PRICES.animateRetargetPerAnimation} credits per animation, charged only on success. Next: wait_for_task, then download_model (several give model_0, model_1…).`,
  input,
  request: (params) => ({ type: 'animate_retarget', ...params }),
  summary: (params) => {
    const names = params.animations ?? (params.animation ? [params.animation] : []);
    return `${names.join(', ')} on ${params.original_model_task_id}`;
  },
});
