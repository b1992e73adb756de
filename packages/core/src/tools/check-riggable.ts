import { AnimatePrerigcheckRequest } from '../client/requests/index.js';
import { STARTS_FREE_TASK } from './define.js';
import { defineTaskTool } from './task-tool.js';

const input = AnimatePrerigcheckRequest.omit({ type: true });

/** `check_riggable`: checks whether a model can be rigged, and as what. */
export const checkRiggableTool = defineTaskTool({
  name: 'check_riggable',
  title: 'Check whether a model can be rigged',
  description:
    'Starts a free Tripo pre-rig check (animate_prerigcheck) on the model of an earlier successful task (original_model_task_id) and returns its task_id at once; it takes seconds. When it ends, wait_for_task or get_task_status report riggable (true/false) and rig_type (biped, quadruped, hexapod, octopod, avian, serpentine, aquatic) to pass to rig_model. A false result does not strictly forbid rigging. Costs nothing.',
  input,
  annotations: STARTS_FREE_TASK,
  request: (params) => ({ type: 'animate_prerigcheck', ...params }),
  summary: (params) => `rig check of ${params.original_model_task_id}`,
});
