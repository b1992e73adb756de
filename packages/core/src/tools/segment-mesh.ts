import { MeshSegmentationRequest } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = MeshSegmentationRequest.omit({ type: true });

/** `segment_mesh`: splits a model into named parts. */
export const segmentMeshTool = defineTaskTool({
  name: 'segment_mesh',
  title: 'Split a model into parts',
  description: `Starts a task that splits a model into named parts (several minutes). Cost: ${CREDIT_PRICES.meshSegmentation} credits on success. Then wait_for_task, complete_mesh.`,
  input,
  request: (params) => ({ type: 'mesh_segmentation', ...params }),
  summary: (params) => `segment ${params.original_model_task_id}`,
});
