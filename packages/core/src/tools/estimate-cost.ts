import { z } from 'zod';
import { v3ModelRefusal } from '../client/dialects/v3.js';
import type { ApiVersion } from '../client/options.js';
import { TASK_REQUEST_SCHEMAS, TASK_TYPES, type TaskType } from '../client/requests/index.js';
import { type CreditEstimate, estimateCredits, type PricedRequest } from '../pricing.js';
import { joinSentences } from '../text.js';
import { defineTool, READ_ONLY_LOCAL } from './define.js';
import { dialectTool } from './dialect.js';
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

const pricedVariants: Partial<Record<TaskType, ReturnType<typeof pricedVariant>>> = {};

/**
 * The all-optional schema of a task type, made on first use: the 18 variants are about 190 zod schemas, a
 * tenth of what a start-up of the MCP server builds, for a tool that is rarely called.
 */
const pricedVariantOf = (type: TaskType) => (pricedVariants[type] ??= pricedVariant(type));

/** What a request's `type` may name: a task-starting tool (priced as the task it starts) or a Tripo task type. */
const PRICED_NAMES: Readonly<Record<string, TaskType>> = {
  ...TOOL_TASK_TYPES,
  ...Object.fromEntries(TASK_TYPES.map((type) => [type, type])),
};

/** Tool parameters that are no task field (which file, the deadline, which output): they change no price. */
const TOOL_ONLY_KEYS: ReadonlySet<string> = new Set(['image', 'file', 'files', 'timeout_seconds', 'output']);

/** The Tripo task type a priced request names: `generate_3d_model` from an image is `image_to_model`. */
function pricedType(value: { type: string; image?: unknown }): TaskType | undefined {
  if (value.type === 'generate_3d_model' && value.image !== undefined) return 'image_to_model';
  return Object.hasOwn(PRICED_NAMES, value.type) ? PRICED_NAMES[value.type] : undefined;
}

/**
 * One planned task: `type` names the tool (or Tripo's task type), the rest are its options by name. Checked
 * against the client's schema of that task type (every field optional), but shown to the model as a small
 * open object: the tool names are in the listing already. On v3, a model v3 does not take is refused, as the
 * client would refuse the task.
 */
const pricedRequestInput = (dialect: ApiVersion) =>
  z
    .looseObject({
      type: z.string().describe('The tool, e.g. create_3d_model_from_text (or a Tripo task type).'),
    })
    .transform((value, ctx) => {
      const type = pricedType(value);
      if (type === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['type'],
          message: `${value.type} is no task-starting tool; one of ${Object.keys(TOOL_TASK_TYPES).join(', ')} (or a Tripo task type: ${TASK_TYPES.join(', ')}).`,
        });
        return z.NEVER;
      }
      const shape = TASK_REQUEST_SCHEMAS[type].shape;
      const fields = Object.entries(value).filter(([key]) => key in shape || !TOOL_ONLY_KEYS.has(key));
      const parsed = pricedVariantOf(type).safeParse({ ...Object.fromEntries(fields), type });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ ...issue, path: issue.path } as z.core.$ZodRawIssue);
        return z.NEVER;
      }
      const request = parsed.data as PricedRequest;
      const model = 'model_version' in request ? request.model_version : undefined;
      const refused = dialect === 'v3' ? v3ModelRefusal(request, model) : undefined;
      if (refused === undefined) return request;
      ctx.addIssue({
        code: 'custom',
        path: ['model_version'],
        message: `${refused.message} ${refused.suggestion}`,
      });
      return z.NEVER;
    }) as unknown as z.ZodType<PricedRequest, { type: string; [key: string]: unknown }>;

const inputFor = (dialect: ApiVersion) =>
  z.strictObject({
    requests: z
      .array(pricedRequestInput(dialect))
      .min(1)
      .max(20)
      .describe('e.g. {"type":"rig_model"}; give only options that change the price.'),
  });

const estimateItem = z.object({
  task_type: z.string(),
  credits: z.number().optional(),
  items: detail(z.array(z.object({ item: z.string(), credits: z.number() }))),
  notes: z.array(z.string()),
});

const output = z.object({
  total_credits: z.number().describe('Known prices only; $1 = 100 credits.'),
  complete: z.boolean().describe('False if a task has no published price.'),
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

/** `estimate_cost`: prices one or more tasks from Tripo's price list, without sending anything. */
export const estimateCostTool = dialectTool((dialect) =>
  defineTool({
    name: 'estimate_cost',
    title: 'Estimate credits',
    description:
      "Estimates the credits of planned tasks from Tripo's price list, without sending anything; free. Tasks are charged only when they succeed.",
    input: inputFor(dialect),
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
  }),
);
