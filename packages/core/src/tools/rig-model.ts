import { AnimateRigRequest } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = AnimateRigRequest.omit({ type: true });

/** `rig_model`: adds a skeleton to a model. */
export const rigModelTool = defineTaskTool({
  name: 'rig_model',
  title: 'Rig a model',
  description: `Starts a task that adds a skeleton to a model (1–5 min). Run check_riggable first for rig_type; model_version v2.5-20260210 rigs more than bipeds. Cost: ${CREDIT_PRICES.animateRig} credits on success. Then wait_for_task, retarget_animation.`,
  input,
  request: (params) => ({ type: 'animate_rig', ...params }),
  summary: (params) => `rig ${params.rig_type ?? 'model'} of ${params.original_model_task_id}`,
});
