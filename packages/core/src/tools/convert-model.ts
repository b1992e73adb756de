import { ConvertModelRequest, convertModelRules } from '../client/requests/index.js';
import { CREDIT_PRICES } from '../pricing.js';
import { withAdvancedOptions } from './advanced-options.js';
import { defineTaskTool } from './task-tool.js';

const input = withAdvancedOptions(ConvertModelRequest.omit({ type: true }).shape, [
  'force_symmetry',
  'flatten_bottom_threshold',
  'pivot_to_center_bottom',
  'pack_uv',
  'bake',
  'part_names',
  'animate_in_place',
  'export_vertex_colors',
  'export_orientation',
  'assemble_animation',
]).superRefine(convertModelRules);

const price = CREDIT_PRICES.convertModel;

/** `convert_model`: exports a model to GLTF, USDZ, FBX, OBJ, STL or 3MF. */
export const convertModelTool = defineTaskTool({
  name: 'convert_model',
  title: 'Convert a model',
  description: `Starts a task that exports a model in another format (seconds; a minute with quad). OBJ/STL/3MF lose rigs, STL textures. Cost on success: ${price.base} credits, +${price.options} with quad, face_limit, flatten_bottom, texture_size, texture_format, pivot_to_center_bottom or scale_factor. Then wait_for_task.`,
  input,
  request: (params) => ({ type: 'convert_model', ...params }),
  summary: (params) => `${params.format} of ${params.original_model_task_id}`,
});
