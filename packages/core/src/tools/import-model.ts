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
    'Starts a free task that brings your own model (under 150 MB) into Tripo, so texture_model, rig_model, convert_model and the mesh tools take its task_id. Then wait_for_task.',
  input,
  annotations: STARTS_FREE_TASK,
  request: async ({ file }, context) => ({
    type: 'import_model',
    file: await resolveFileReference(file, context, { kind: 'model', field: 'file' }),
  }),
  summary: (params) => params.file,
});
