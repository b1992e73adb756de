import { z } from 'zod';
import { startDeadline } from '../client/deadline.js';
import {
  type CreateTaskRequest,
  ImageToModelRequest,
  modelGenerationRules,
  TextToModelRequest,
} from '../client/requests/index.js';
import { TripoError } from '../errors.js';
import { CREDIT_PRICES } from '../pricing.js';
import { joinSentences } from '../text.js';
import { withAdvancedOptions } from './advanced-options.js';
import { generationCostText } from './cost-text.js';
import { defineTool, STARTS_TASK } from './define.js';
import { downloadedFileOutput, formatBytes, OutputName, saveTaskFile } from './downloaded-file.js';
import { ImageReference, resolveFileReference } from './file-input.js';
import { MAX_WAIT_SECONDS } from './settings.js';
import { buildTaskStatus, recordStatus, statusText, stillGoing, taskStatusShape } from './status-result.js';
import { creditsField, type StartTaskOptions, startTask, taskStartedOutput } from './task-started.js';
import type { ToolContext, ToolResult } from './types.js';
import { waitWithDeadline } from './wait.js';

const textOnly = TextToModelRequest.pick({ negative_prompt: true, image_seed: true }).shape;
const imageOnly = ImageToModelRequest.pick({
  texture_alignment: true,
  orientation: true,
  enable_image_autofix: true,
}).shape;
const shared = TextToModelRequest.pick({
  model_version: true,
  model_seed: true,
  texture_seed: true,
  texture: true,
  pbr: true,
  texture_quality: true,
  geometry_quality: true,
  face_limit: true,
  quad: true,
  smart_low_poly: true,
  generate_parts: true,
  auto_size: true,
  compress: true,
  export_uv: true,
}).shape;

const input = withAdvancedOptions({
  prompt: TextToModelRequest.shape.prompt.optional().describe('Give prompt or image.'),
  image: ImageReference.optional(),
  ...textOnly,
  ...imageOnly,
  ...shared,
  output: OutputName.optional(),
  timeout_seconds: z
    .number()
    .min(1)
    .max(MAX_WAIT_SECONDS)
    .optional()
    .describe('Deadline of this call (default about 45 s).'),
}).superRefine((value, ctx) => {
  if ((value.prompt === undefined) === (value.image === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'Give exactly one of prompt or image.' });
  }
  const wrongSide =
    value.image !== undefined
      ? (['negative_prompt', 'image_seed'] as const).filter((k) => value[k] !== undefined)
      : (['texture_alignment', 'orientation', 'enable_image_autofix'] as const).filter(
          (k) => value[k] !== undefined,
        );
  for (const key of wrongSide) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `${key} applies only when generating from ${value.image !== undefined ? 'a prompt' : 'an image'}.`,
    });
  }
  modelGenerationRules(value, ctx);
});

type Input = z.infer<typeof input>;

const output = z.object({
  ...taskStatusShape,
  estimated_credits: taskStartedOutput.shape.estimated_credits,
  file: downloadedFileOutput.optional(),
});
type Output = z.infer<typeof output>;

const TOOL = 'generate_3d_model';

async function buildRequest(params: Input, context: ToolContext): Promise<CreateTaskRequest> {
  const {
    prompt,
    image,
    negative_prompt,
    image_seed,
    texture_alignment,
    orientation,
    enable_image_autofix,
    output: _o,
    timeout_seconds: _t,
    ...options
  } = params;
  if (image !== undefined) {
    const file = await resolveFileReference(image, context, { kind: 'image', field: 'image' });
    return {
      type: 'image_to_model',
      file,
      ...options,
      ...(texture_alignment !== undefined ? { texture_alignment } : {}),
      ...(orientation !== undefined ? { orientation } : {}),
      ...(enable_image_autofix !== undefined ? { enable_image_autofix } : {}),
    };
  }
  return {
    type: 'text_to_model',
    prompt: prompt ?? '',
    ...options,
    ...(negative_prompt !== undefined ? { negative_prompt } : {}),
    ...(image_seed !== undefined ? { image_seed } : {}),
  };
}

/** `generate_3d_model`: one call from a prompt or image to a downloaded model, within a deadline. */
export const generate3dModelTool = defineTool({
  name: TOOL,
  title: 'Generate a 3D model',
  description: `Makes a 3D model from a prompt or an image in one call: starts the Tripo task, waits with progress, saves the model (file.path). If the deadline (timeout_seconds) comes first it returns the running task_id: continue with wait_for_task, then download_model; never call this again for the same model (that pays for a new task). ${generationCostText('text')} Image input: +${CREDIT_PRICES.imageToModel.standard.textured - CREDIT_PRICES.textToModel.standard.textured}.`,
  input,
  output,
  annotations: STARTS_TASK,
  async execute(params, context) {
    const clock = context.client.clock;
    const started = clock.now();
    const budgetSeconds = params.timeout_seconds ?? context.waitSeconds;
    const request = await buildRequest(params, context);
    const secondsLeft = (): number => Math.max(0, budgetSeconds - (clock.now() - started) / 1000);
    const { taskId, estimate } = await startWithin(context, request, secondsLeft(), {
      tool: TOOL,
      summary: request.type === 'text_to_model' ? request.prompt : params.image,
    });
    const waited = await waitWithDeadline(context, taskId, secondsLeft());
    const status = buildTaskStatus(waited.task, {
      waitedSeconds: waited.waitedSeconds,
      warning: waited.warning,
    });
    await recordStatus(context, status, TOOL);
    const base: Output = { ...status, ...creditsField(estimate) };

    if (!status.terminal) {
      const next_step = `Call wait_for_task with task_id ${taskId} (again while it says still running), then download_model with task_id ${taskId}. Do not call generate_3d_model again for this model.`;
      const structured: Output = { ...base, next_step };
      const took = (clock.now() - started) / 1000;
      return { text: joinSentences([stillGoing(status, took), status.message, next_step]), structured };
    }
    if (status.outcome !== 'success') return { text: statusText(base), structured: base };

    return await download(base, params, context);
  },
});

/**
 * Creates the task within what is left of the call's deadline, whatever the API does: a create still unanswered
 * then is cut, and is `outcome_unknown` (it may have reached Tripo); cut while it waited for a request slot,
 * nothing was sent.
 */
async function startWithin(
  context: ToolContext,
  request: CreateTaskRequest,
  seconds: number,
  options: StartTaskOptions,
): ReturnType<typeof startTask> {
  const deadline = startDeadline(context.client.clock, seconds * 1000, context.signal);
  try {
    return await startTask({ ...context, signal: deadline.signal }, request, options);
  } catch (error) {
    if (!deadline.expired || context.signal.aborted) throw error;
    if (!(error instanceof TripoError) || error.code !== 'aborted') throw error;
    throw new TripoError(
      'timeout',
      `${TOOL} reached its deadline before the task could be created; nothing was sent to Tripo, nothing charged.`,
      {
        retryable: true,
        suggestion: `Tripo's API is slow or busy: call ${TOOL} again in a moment, or with a larger timeout_seconds.`,
        cause: error,
      },
    );
  } finally {
    deadline.clear();
  }
}

async function download(base: Output, params: Input, context: ToolContext): Promise<ToolResult<Output>> {
  const taskId = base.task_id;
  let saved: Awaited<ReturnType<typeof saveTaskFile>>;
  try {
    saved = await saveTaskFile(context, taskId, { output: params.output });
  } catch (error) {
    if (!(error instanceof TripoError) || error.code === 'aborted' || context.signal.aborted) throw error;
    const warning = joinSentences(
      [base.warning, `The model is ready but saving it failed: ${error.message}`],
      500,
    );
    const next_step = `Call download_model with task_id ${taskId} to save it (it fetches fresh links).`;
    const structured: Output = { ...base, warning, next_step };
    return { text: statusText(structured), structured };
  }
  const { file } = saved;
  const next_step = `The model is saved at ${file.path}. Use task_id ${taskId} as original_model_task_id for texture_model, convert_model, check_riggable or rig_model.`;
  const structured: Output = { ...base, next_step, file };
  return {
    text: joinSentences([
      `Done: task ${taskId} made a ${file.format.toUpperCase()} model (${formatBytes(file.size_bytes)}) saved at ${file.path}.`,
      base.warning,
      `Next: use task_id ${taskId} with texture_model, convert_model, check_riggable or rig_model if needed.`,
    ]),
    structured,
    files: [saved.saved],
  };
}
