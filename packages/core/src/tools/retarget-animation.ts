import { AnimateRetargetRequest, animateRetargetRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = AnimateRetargetRequest.omit({ type: true }).superRefine(animateRetargetRules);

/** `retarget_animation`: applies preset animations to a rigged model. */
export const retargetAnimationTool = defineTaskTool({
  name: 'retarget_animation',
  title: 'Animate a rigged model',
  description: `Starts a Tripo animate_retarget task that applies one preset animation (animation) or up to five (animations), e.g. preset:walk, preset:run, preset:idle, to a rigged model; original_model_task_id must be a successful rig_model task. Returns its task_id at once; it takes about a minute or more. Cost: ${CREDIT_PRICES.animateRetargetPerAnimation} credits per animation, charged only on success. Next: wait_for_task, then download_model (several animations give model_0, model_1, …).`,
  input,
  request: (params) => ({ type: 'animate_retarget', ...params }),
  summary: (params) => {
    const names = params.animations ?? (params.animation ? [params.animation] : []);
    return `${names.join(', ')} on ${params.original_model_task_id}`;
  },
});
