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
  title: 'Text to 3D model',
  description: `Starts a text-to-3D task (1–5 min) and returns its task_id; generate_3d_model also waits and saves. ${generationCostText('text')} Then wait_for_task.`,
  input,
  request: (params) => ({ type: 'text_to_model', ...params }),
  summary: (params) => params.prompt,
});
