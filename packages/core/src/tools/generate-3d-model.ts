import { z } from 'zod';
import { type Deadline, startDeadline } from '../client/deadline.js';
import type { ApiVersion } from '../client/options.js';
import {
  type CreateTaskRequest,
  ImageToModelRequest,
  modelGenerationRules,
  TextToModelRequest,
} from '../client/requests/index.js';
import { systemClock } from '../clock.js';
import { TripoError } from '../errors.js';
import { CREDIT_PRICES } from '../pricing.js';
import { joinSentences } from '../text.js';
import { withAdvancedOptions } from './advanced-options.js';
import { generationCostText } from './cost-text.js';
import { defineTool, STARTS_TASK } from './define.js';
import { dialectTool, generationVersion } from './dialect.js';
import { downloadedFileOutput, formatBytes, OutputName, saveTaskFile } from './downloaded-file.js';
import { ImageReference, resolveFileReference } from './file-input.js';
import { detail } from './json-schema.js';
import { MAX_WAIT_SECONDS } from './settings.js';
import { buildTaskStatus, recordStatus, statusText, stillGoing, taskStatusShape } from './status-result.js';
import { creditsField, startTask, taskStartedOutput } from './task-started.js';
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

const inputFor = (dialect: ApiVersion) =>
  withAdvancedOptions({
    prompt: TextToModelRequest.shape.prompt.optional(),
    image: ImageReference.optional(),
    ...textOnly,
    ...imageOnly,
    ...shared,
    model_version: generationVersion(dialect),
    // Which file to save: the best model unless asked (download_model takes any later).
    output: detail(OutputName.optional()),
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

type Input = z.infer<ReturnType<typeof inputFor>>;

const output = z.object({
  ...taskStatusShape,
  estimated_credits: taskStartedOutput.shape.estimated_credits,
  file: downloadedFileOutput.optional(),
});
type Output = z.infer<typeof output>;

const TOOL = 'generate_3d_model' as const;

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
export const generate3dModelTool = dialectTool((dialect) =>
  defineTool({
    name: TOOL,
    title: 'Generate a 3D model',
    description: `Makes a 3D model from a prompt or an image in one call: starts the task, waits with progress, saves the file (file.path). If timeout_seconds runs out first it returns the running task_id: go on with wait_for_task, then download_model, never with this tool (a new task is paid again). ${generationCostText('text')} Image input: +${CREDIT_PRICES.imageToModel.standard.textured - CREDIT_PRICES.textToModel.standard.textured}.`,
    input: inputFor(dialect),
    output,
    annotations: STARTS_TASK,
    async execute(params, context) {
      const clock = context.client.clock;
      const started = clock.now();
      const budgetSeconds = params.timeout_seconds ?? context.waitSeconds;
      const secondsLeft = (): number => Math.max(0, budgetSeconds - (clock.now() - started) / 1000);
      const { taskId, estimate } = await createWithin(context, secondsLeft(), (phase) =>
        startGeneration(params, phase),
      );
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

      return await download(base, params, context, secondsLeft());
    },
  }),
);

/** Uploads the image if a local one is given, then creates the task. */
async function startGeneration(params: Input, context: ToolContext): ReturnType<typeof startTask> {
  const request = await buildRequest(params, context);
  return await startTask(context, request, {
    tool: TOOL,
    summary: request.type === 'text_to_model' ? request.prompt : params.image,
  });
}

/**
 * The deadline of a phase that is only network and disk I/O (upload and create, download): what is left of the
 * call's budget, kept in real time like the download's stall watch. A test clock that jumps ahead while bytes are
 * still on the wire would cut them for nothing.
 */
function startIoDeadline(seconds: number, signal: AbortSignal): Deadline {
  return startDeadline(systemClock, seconds * 1000, signal);
}

/**
 * Runs what comes before the wait (the image upload, then the create) within what is left of the call's deadline,
 * whatever the API does. A create still unanswered then is cut, and is `outcome_unknown` (it may have reached
 * Tripo); cut during the upload or while the create waited for a request slot, no task exists: a time-out the
 * caller may simply retry.
 */
async function createWithin(
  context: ToolContext,
  seconds: number,
  create: (phase: ToolContext) => ReturnType<typeof startTask>,
): ReturnType<typeof startTask> {
  const deadline = startIoDeadline(seconds, context.signal);
  try {
    return await create({ ...context, signal: deadline.signal });
  } catch (error) {
    if (!deadline.expired || context.signal.aborted) throw error;
    if (!(error instanceof TripoError) || error.code !== 'aborted') throw error;
    throw new TripoError(
      'timeout',
      `${TOOL} reached its deadline before the task could be created; nothing was created, nothing charged.`,
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

/**
 * Saves the model of a task that succeeded, within what is left of the call's deadline. A download that fails,
 * or is cut at the deadline, still answers with the task's success and its id: the model is paid for and ready,
 * and `download_model` saves it (never a new generation).
 */
async function download(
  base: Output,
  params: Input,
  context: ToolContext,
  seconds: number,
): Promise<ToolResult<Output>> {
  const taskId = base.task_id;
  const deadline = startIoDeadline(seconds, context.signal);
  let saved: Awaited<ReturnType<typeof saveTaskFile>>;
  try {
    saved = await saveTaskFile({ ...context, signal: deadline.signal }, taskId, { output: params.output });
  } catch (error) {
    if (context.signal.aborted) throw error;
    if (!deadline.expired && (!(error instanceof TripoError) || error.code === 'aborted')) throw error;
    const failure = deadline.expired
      ? 'The model is ready, but the download did not finish before the deadline; nothing was saved.'
      : `The model is ready, but saving it failed: ${(error as TripoError).message}`;
    const warning = joinSentences([base.warning, failure], 500);
    const next_step = `Call download_model with task_id ${taskId} to save it (it fetches fresh links).`;
    const structured: Output = { ...base, warning, next_step };
    return { text: statusText(structured), structured };
  } finally {
    deadline.clear();
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
