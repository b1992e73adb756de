import { AnimatePrerigcheckRequest } from '../client/requests/index.js';
import { defineTool, STARTS_FREE_TASK } from './define.js';
import { startTaskResult, taskStartedOutput } from './task-started.js';

const input = AnimatePrerigcheckRequest.omit({ type: true });

/** `check_riggable`: checks whether a model can be rigged, and as what. */
export const checkRiggableTool = defineTool({
  name: 'check_riggable',
  title: 'Check whether a model can be rigged',
  description:
    'Starts a free Tripo pre-rig check (animate_prerigcheck) on the model of an earlier successful task (original_model_task_id) and returns its task_id at once; it takes seconds. When it ends, wait_for_task or get_task_status report riggable (true/false) and rig_type (biped, quadruped, hexapod, octopod, avian, serpentine, aquatic) to pass to rig_model. A false result does not strictly forbid rigging. Costs nothing.',
  input,
  output: taskStartedOutput,
  annotations: STARTS_FREE_TASK,
  async execute(params, context) {
    return startTaskResult(
      context,
      { type: 'animate_prerigcheck', ...params },
      { tool: 'check_riggable', summary: `rig check of ${params.original_model_task_id}` },
    );
  },
});
