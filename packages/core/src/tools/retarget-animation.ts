import { z } from 'zod';
import { AnimateRetargetRequest, animateRetargetRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { withDetails } from './json-schema.js';
import { defineTaskTool } from './task-tool.js';

// `animation` (one preset) is still taken, but only `animations` (1–5) is advertised: one list of presets, not two.
const input = z
  .strictObject(withDetails(AnimateRetargetRequest.omit({ type: true }).shape, ['animation']))
  .superRefine(animateRetargetRules);

/** `retarget_animation`: applies preset animations to a rigged model. */
export const retargetAnimationTool = defineTaskTool({
  name: 'retarget_animation',
  title: 'Animate a rigged model',
  description: `Starts a task that applies 1–5 preset animations to a model rigged by rig_model (a minute or more). Cost: ${CREDIT_PRICES.animateRetargetPerAnimation} credits per animation, on success. Then wait_for_task, download_model (several: model_0, model_1…).`,
  input,
  request: (params) => ({ type: 'animate_retarget', ...params }),
  summary: (params) => {
    const names = params.animations ?? (params.animation ? [params.animation] : []);
    return `${names.join(', ')} on ${params.original_model_task_id}`;
  },
});
