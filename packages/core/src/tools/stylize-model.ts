import { StylizeModelRequest, stylizeModelRules } from '../client/requests/index.js';
import { defineTaskTool } from './task-tool.js';

const input = StylizeModelRequest.omit({ type: true }).superRefine(stylizeModelRules);

/** `stylize_model`: restyles a model as lego, voxel, voronoi, minecraft… */
export const stylizeModelTool = defineTaskTool({
  name: 'stylize_model',
  title: 'Stylize a model',
  description:
    'Starts a Tripo stylize_model task that turns the model of an earlier successful task (original_model_task_id) into a style: lego, voxel, voronoi or minecraft (a .schem file; block_size 32–128), and returns its task_id at once; it usually takes under a minute. Tripo publishes no price for it (see credits_consumed afterwards; charged only on success). Next: wait_for_task, then download_model.',
  input,
  request: (params) => ({ type: 'stylize_model', ...params }),
  summary: (params) => `${params.style} style of ${params.original_model_task_id}`,
});
