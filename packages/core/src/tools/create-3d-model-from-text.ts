import { modelGenerationRules, TextToModelRequest } from '../client/requests/index.js';
import { withAdvancedOptions } from './advanced-options.js';
import { generationCostText } from './cost-text.js';
import { defineTaskTool } from './task-tool.js';

const input = withAdvancedOptions(TextToModelRequest.omit({ type: true }).shape).superRefine(
  modelGenerationRules,
);

/** `create_3d_model_from_text`: starts a text-to-3D task and returns its id at once. */
export const create3dModelFromTextTool = defineTaskTool({
  name: 'create_3d_model_from_text',
  title: 'Create 3D model from text',
  description: `Starts a text-to-3D task and returns its task_id at once (the model takes 1–5 min). For one call that also waits and saves, use generate_3d_model. ${generationCostText('text')} Next: wait_for_task, then download_model.`,
  input,
  request: (params) => ({ type: 'text_to_model', ...params }),
  summary: (params) => params.prompt,
});
