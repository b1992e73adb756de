import { modelGenerationRules, TextToModelRequest } from '../client/requests/index.js';
import { withAdvancedOptions } from './advanced-options.js';
import { generationCostText } from './cost-text.js';
import { dialectTool, generationVersion } from './dialect.js';
import { defineTaskTool } from './task-tool.js';

/** `create_3d_model_from_text`: starts a text-to-3D task and returns its id at once. */
export const create3dModelFromTextTool = dialectTool((dialect) =>
  defineTaskTool({
    name: 'create_3d_model_from_text',
    title: 'Text to 3D model',
    description: `Starts a text-to-3D task (1–5 min) and returns its task_id; generate_3d_model also waits and saves. ${generationCostText('text')} Then wait_for_task.`,
    input: withAdvancedOptions({
      ...TextToModelRequest.omit({ type: true }).shape,
      model_version: generationVersion(dialect),
    }).superRefine(modelGenerationRules),
    request: (params) => ({ type: 'text_to_model', ...params }),
    summary: (params) => params.prompt,
  }),
);
