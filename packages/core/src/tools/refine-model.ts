import { RefineModelRequest } from '../client/requests/index.js';
import { defineTaskTool } from './task-tool.js';

const input = RefineModelRequest.omit({ type: true });

/** `refine_model`: refines a draft model. */
export const refineModelTool = defineTaskTool({
  name: 'refine_model',
  title: 'Refine a draft model',
  description:
    'Starts a task that refines the draft model of a successful generation (draft_model_task_id); returns its task_id at once (about 2 min). Tripo takes only drafts of retired model versions (newer ones fail with code 2006), so it is rarely useful. No published price in credits (see credits_consumed; charged only on success). Next: wait_for_task, then download_model.',
  input,
  request: (params) => ({ type: 'refine_model', ...params }),
  summary: (params) => `refine ${params.draft_model_task_id}`,
});
