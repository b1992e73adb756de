import { StylizeModelRequest, stylizeModelRules } from '../client/requests/index.js';
import { defineTaskTool } from './task-tool.js';

const input = StylizeModelRequest.omit({ type: true }).superRefine(stylizeModelRules);

/** `stylize_model`: restyles a model as lego, voxel, voronoi, minecraft… */
export const stylizeModelTool = defineTaskTool({
  name: 'stylize_model',
  title: 'Stylize a model',
  description:
    'Starts a task that turns a model into lego, voxel, voronoi or minecraft (a .schem file) style; returns its task_id at once (about a minute). No published price in credits (see credits_consumed; charged only on success). Next: wait_for_task, then download_model.',
  input,
  request: (params) => ({ type: 'stylize_model', ...params }),
  summary: (params) => `${params.style} style of ${params.original_model_task_id}`,
});
