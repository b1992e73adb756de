import { AnimatePrerigcheckRequest } from '../client/requests/index.js';
import { STARTS_FREE_TASK } from './define.js';
import { defineTaskTool } from './task-tool.js';

const input = AnimatePrerigcheckRequest.omit({ type: true });

/** `check_riggable`: checks whether a model can be rigged, and as what. */
export const checkRiggableTool = defineTaskTool({
  name: 'check_riggable',
  title: 'Check riggability',
  description:
    'Starts a free pre-rig check of a model (seconds). wait_for_task then reports riggable and the rig_type to pass to rig_model.',
  input,
  annotations: STARTS_FREE_TASK,
  request: (params) => ({ type: 'animate_prerigcheck', ...params }),
  summary: (params) => `rig check of ${params.original_model_task_id}`,
});
