import { StylizeModelRequest, stylizeModelRules } from '../client/requests/index.js';
import { defineTaskTool } from './task-tool.js';

const input = StylizeModelRequest.omit({ type: true }).superRefine(stylizeModelRules);

/** `stylize_model`: restyles a model as lego, voxel, voronoi, minecraft… */
export const stylizeModelTool = defineTaskTool({
  name: 'stylize_model',
  title: 'Stylize a model',
  description:
    'Starts a task that restyles a model (about a minute; minecraft gives a .schem file). No published price in credits (credits_consumed shows it). Then wait_for_task.',
  input,
  request: (params) => ({ type: 'stylize_model', ...params }),
  summary: (params) => `${params.style} style of ${params.original_model_task_id}`,
});
