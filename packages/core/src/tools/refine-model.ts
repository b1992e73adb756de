import { RefineModelRequest } from '../client/requests/index.js';
import { dialectTool } from './dialect.js';
import { defineTaskTool } from './task-tool.js';

/** Which drafts Tripo refines (Turbo ones; newer versions fail with code 2006), and whether the dialect makes them. */
const DRAFTS = {
  v3: 'Tripo refines only Turbo drafts, which v3 no longer makes (others fail with code 2006): rarely useful.',
  v2: 'Tripo refines only Turbo-v1.0-20250506 drafts (others fail with code 2006).',
} as const;

/** `refine_model`: refines a draft model. */
export const refineModelTool = dialectTool((dialect) =>
  defineTaskTool({
    name: 'refine_model',
    title: 'Refine a draft model',
    description: `Starts a task that refines a draft model (about 2 min). ${DRAFTS[dialect]} No published price in credits (credits_consumed shows it). Then wait_for_task.`,
    input: RefineModelRequest.omit({ type: true }),
    request: (params) => ({ type: 'refine_model', ...params }),
    summary: (params) => `refine ${params.draft_model_task_id}`,
  }),
);
