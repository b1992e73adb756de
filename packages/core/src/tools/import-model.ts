import { ImportModelRequest } from '../client/requests/index.js';
import { STARTS_FREE_TASK } from './define.js';
import { ModelFileReference, resolveFileReference } from './file-input.js';
import { defineTaskTool } from './task-tool.js';

const input = ImportModelRequest.omit({ type: true, file: true }).extend({ file: ModelFileReference });

/** `import_model`: brings your own model file into Tripo. */
export const importModelTool = defineTaskTool({
  name: 'import_model',
  title: 'Import a model file',
  description:
    'Starts a free Tripo import_model task that brings your own 3D model (GLB, OBJ, FBX or STL, under 150 MB: a URL, a file_token from upload_file, or a local file inside the allowed folders, uploaded for you on the v3 API) into Tripo, and returns its task_id at once; it takes seconds. The resulting task id can then be used as original_model_task_id by texture_model, check_riggable, rig_model, convert_model and the mesh tools. Costs nothing. Next: wait_for_task.',
  input,
  annotations: STARTS_FREE_TASK,
  request: async ({ file }, context) => ({
    type: 'import_model',
    file: await resolveFileReference(file, context, { kind: 'model', field: 'file' }),
  }),
  summary: (params) => params.file,
});
