import { MeshCompletionRequest } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = MeshCompletionRequest.omit({ type: true });

/** `complete_mesh`: completes the parts of a segmented model. */
export const completeMeshTool = defineTaskTool({
  name: 'complete_mesh',
  title: 'Complete segmented parts',
  description: `Starts a task that fills in the hidden surfaces of a segment_mesh task's parts (several minutes). Cost: ${CREDIT_PRICES.meshCompletion} credits on success. Then wait_for_task.`,
  input,
  request: (params) => ({ type: 'mesh_completion', ...params }),
  summary: (params) => `complete parts of ${params.original_model_task_id}`,
});
