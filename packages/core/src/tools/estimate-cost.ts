import { z } from 'zod';
import { TASK_REQUEST_SCHEMAS, TASK_TYPES, type TaskType } from '../client/requests/index.js';
import { type CreditEstimate, estimateCredits, type PricedRequest } from '../pricing.js';
import { joinSentences } from '../text.js';
import { defineTool, READ_ONLY_LOCAL } from './define.js';
import { detail } from './json-schema.js';

/** The Tripo task type each task-starting tool creates, so the model can price a plan in tool terms. */
export const TOOL_TASK_TYPES: Readonly<Record<string, TaskType>> = {
  create_3d_model_from_text: 'text_to_model',
  create_3d_model_from_image: 'image_to_model',
  create_3d_model_from_multiview: 'multiview_to_model',
  generate_3d_model: 'text_to_model',
  texture_model: 'texture_model',
  refine_model: 'refine_model',
  stylize_model: 'stylize_model',
  convert_model: 'convert_model',
  check_riggable: 'animate_prerigcheck',
  rig_model: 'animate_rig',
  retarget_animation: 'animate_retarget',
  segment_mesh: 'mesh_segmentation',
  complete_mesh: 'mesh_completion',
  smart_lowpoly: 'highpoly_to_lowpoly',
  import_model: 'import_model',
  generate_image: 'generate_image',
  generate_multiview_image: 'generate_multiview_image',
};

function pricedVariant(type: TaskType) {
  const schema = TASK_REQUEST_SCHEMAS[type];
  return schema.partial().extend({ type: schema.shape.type });
}

const PRICED_VARIANTS = Object.fromEntries(TASK_TYPES.map((type) => [type, pricedVariant(type)])) as Record<
  TaskType,
  ReturnType<typeof pricedVariant>
>;

/**
 * A task request in which only `type` is required: what pricing reads. Checked against the client's schema of
 * that type (every field optional), but shown to the model as a small open object to keep the schema short.
 */
const PricedRequestInput = z.looseObject({ type: z.enum(TASK_TYPES) }).superRefine((value, ctx) => {
  const parsed = PRICED_VARIANTS[value.type].safeParse(value);
  if (parsed.success) return;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ ...issue, path: issue.path } as z.core.$ZodRawIssue);
}) as unknown as z.ZodType<PricedRequest, { type: TaskType; [key: string]: unknown }>;

const input = z.strictObject({
  requests: z
    .array(PricedRequestInput)
    .min(1)
    .max(20)
    .describe(
      'e.g. {"type":"text_to_model","texture_quality":"detailed"}; only options that change the price matter.',
    ),
});

const estimateItem = z.object({
  task_type: z.string(),
  credits: z.number().optional().describe('Absent when Tripo publishes no price for it.'),
  items: detail(z.array(z.object({ item: z.string(), credits: z.number() }))),
  notes: z.array(z.string()),
});

const output = z.object({
  total_credits: z.number().describe('Sum of the known prices ($1 = 100 credits).'),
  complete: z.boolean().describe('False when some task has no published price (excluded from the total).'),
  estimates: z.array(estimateItem),
});

function toItem(estimate: CreditEstimate): z.infer<typeof estimateItem> {
  return {
    task_type: estimate.taskType,
    ...(estimate.credits === null ? {} : { credits: estimate.credits }),
    items: estimate.items,
    notes: estimate.notes,
  };
}

const mapping = Object.entries(TOOL_TASK_TYPES)
  .filter(([tool, type]) => tool !== type)
  .map(([tool, type]) => `${tool}→${type}`)
  .join(', ');

/** `estimate_cost`: prices one or more tasks from Tripo's price list, without sending anything. */
export const estimateCostTool = defineTool({
  name: 'estimate_cost',
  title: 'Estimate credits',
  description: `Estimates the credits of tasks from Tripo's price list, without sending anything; free. Each request is {type, ...options} with Tripo's task type (${mapping}; other tools: their own name) and parameter names. Charged only when a task succeeds.`,
  input,
  output,
  annotations: READ_ONLY_LOCAL,
  async execute({ requests }) {
    const estimates = requests.map((request) => toItem(estimateCredits(request)));
    const total = estimates.reduce((sum, e) => sum + (e.credits ?? 0), 0);
    const complete = estimates.every((e) => e.credits !== undefined);
    const lines = estimates.map(
      (e) => `${e.task_type}: ${e.credits === undefined ? 'no published price' : `${e.credits} credits`}`,
    );
    return {
      text: joinSentences([
        `Estimated total: ${total} credits${complete ? '' : ' (plus tasks without a published price)'}.`,
        `${lines.join('; ')}.`,
        'Charged only on success; real charges appear as credits_consumed.',
      ]),
      structured: { total_credits: total, complete, estimates },
    };
  },
});
