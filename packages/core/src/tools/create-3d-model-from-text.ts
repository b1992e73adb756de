import { modelGenerationRules, TextToModelRequest } from '../client/requests/index.js';
import { generationCostText } from './cost-text.js';
import { defineTaskTool } from './task-tool.js';

const input = TextToModelRequest.omit({ type: true }).superRefine(modelGenerationRules);

/** `create_3d_model_from_text`: starts a text-to-3D task and returns its id at once. */
export const create3dModelFromTextTool = defineTaskTool({
  name: 'create_3d_model_from_text',
  title: 'Create 3D model from text',
  description: `Starts a Tripo text-to-3D task from a prompt (every text_to_model option, Tripo's parameter names) and returns its task_id immediately; the model takes 1–5 minutes to make. Use it to start work you wait for separately; for one call that creates, waits and downloads, prefer generate_3d_model. ${generationCostText('text')} Next: wait_for_task with the task_id, then download_model.`,
  input,
  request: (params) => ({ type: 'text_to_model', ...params }),
  summary: (params) => params.prompt,
});
