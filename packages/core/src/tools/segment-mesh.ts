import { MeshSegmentationRequest } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = MeshSegmentationRequest.omit({ type: true });

/** `segment_mesh`: splits a model into named parts. */
export const segmentMeshTool = defineTaskTool({
  name: 'segment_mesh',
  title: 'Split a model into parts',
  description: `Starts a Tripo mesh_segmentation task that splits the model of an earlier successful task (original_model_task_id) into named parts, and returns its task_id at once; it takes several minutes. The parts can then be completed (complete_mesh), retextured or converted by name (part_names). Cost: ${CREDIT_PRICES.meshSegmentation} credits, charged only on success. Next: wait_for_task, then complete_mesh or download_model.`,
  input,
  request: (params) => ({ type: 'mesh_segmentation', ...params }),
  summary: (params) => `segment ${params.original_model_task_id}`,
});
