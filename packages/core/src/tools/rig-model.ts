import { AnimateRigRequest } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = AnimateRigRequest.omit({ type: true });

/** `rig_model`: adds a skeleton to a model. */
export const rigModelTool = defineTaskTool({
  name: 'rig_model',
  title: 'Rig a model',
  description: `Starts a Tripo animate_rig task that adds a skeleton to the model of an earlier successful task (original_model_task_id), and returns its task_id at once; it takes 1–5 minutes. Run check_riggable first to learn the rig_type. model_version v2.5-20260210 is recommended (the server default v1.0-20240301 rigs bipeds only). Cost: ${CREDIT_PRICES.animateRig} credits, charged only on success. Next: wait_for_task, then retarget_animation with this task's id, or download_model.`,
  input,
  request: (params) => ({ type: 'animate_rig', ...params }),
  summary: (params) => `rig ${params.rig_type ?? 'model'} of ${params.original_model_task_id}`,
});
