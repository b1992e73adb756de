import { RefineModelRequest } from '../client/requests/index.js';
import { defineTaskTool } from './task-tool.js';

const input = RefineModelRequest.omit({ type: true });

/** `refine_model`: refines a draft model. */
export const refineModelTool = defineTaskTool({
  name: 'refine_model',
  title: 'Refine a draft model',
  description:
    'Starts a Tripo refine_model task that refines the draft model of an earlier successful text/image/multiview task (draft_model_task_id), and returns its task_id at once (about 2 minutes plus queue). Tripo only accepts drafts made with model versions older than v2.0-20240919; newer drafts fail with code 2006, so this is rarely useful today. Tripo publishes no price for it (see credits_consumed afterwards; charged only on success). Next: wait_for_task, then download_model.',
  input,
  request: (params) => ({ type: 'refine_model', ...params }),
  summary: (params) => `refine ${params.draft_model_task_id}`,
});
