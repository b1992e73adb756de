import { ConvertModelRequest, convertModelRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { defineTaskTool } from './task-tool.js';

const input = ConvertModelRequest.omit({ type: true }).superRefine(convertModelRules);

const price = CREDIT_PRICES.convertModel;

/** `convert_model`: exports a model to GLTF, USDZ, FBX, OBJ, STL or 3MF. */
export const convertModelTool = defineTaskTool({
  name: 'convert_model',
  title: 'Convert a model to another format',
  description: `Starts a Tripo convert_model task that exports the model of an earlier successful task (original_model_task_id) as GLTF, USDZ, FBX, OBJ, STL or 3MF, optionally remeshed (quad, face_limit), rescaled or with other texture settings; returns its task_id at once (seconds; about a minute with quad). OBJ/STL/3MF do not suit rigged models; STL drops textures. Cost: ${price.base} credits, +${price.options} when any of quad, face_limit, flatten_bottom, texture_size, texture_format, pivot_to_center_bottom or scale_factor is set; charged only on success. Next: wait_for_task, then download_model.`,
  input,
  request: (params) => ({ type: 'convert_model', ...params }),
  summary: (params) => `${params.format} of ${params.original_model_task_id}`,
});
