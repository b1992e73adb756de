import { RefineModelRequest } from '../client/requests/index.js';
import { defineTaskTool } from './task-tool.js';

const input = RefineModelRequest.omit({ type: true });

/** `refine_model`: refines a draft model. */
export const refineModelTool = defineTaskTool({
  name: 'refine_model',
  title: 'Refine a draft model',
  description:
    'Starts a task that refines a draft model (about 2 min). Tripo takes only drafts of retired model versions (newer fail with code 2006): rarely useful. No published price in credits (credits_consumed shows it). Then wait_for_task.',
  input,
  request: (params) => ({ type: 'refine_model', ...params }),
  summary: (params) => `refine ${params.draft_model_task_id}`,
});
