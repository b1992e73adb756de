import { TripoError } from '../../errors.js';
import {
  type CreateTaskRequest,
  retiredOnV3,
  type TaskType,
  V2_IMAGE_MODELS,
  V3_DEFAULT_MODELS,
  V3_IMAGE_MODELS,
} from '../requests/index.js';
import { compact, type Dialect } from './types.js';

/** One route per capability (§14 of the API notes). */
export const V3_ROUTES: Readonly<Record<TaskType, string>> = {
  text_to_model: '/generation/text-to-model',
  image_to_model: '/generation/image-to-model',
  multiview_to_model: '/generation/multiview-to-model',
  text_to_image: '/generation/text-to-image',
  generate_image: '/generation/image-to-image',
  generate_multiview_image: '/generation/image-to-multiview',
  edit_multiview_image: '/generation/edit-multiview',
  texture_model: '/models/texture',
  convert_model: '/models/convert',
  import_model: '/models/import',
  stylize_model: '/models/stylize',
  refine_model: '/models/refine',
  mesh_segmentation: '/mesh/segment',
  mesh_completion: '/mesh/complete',
  highpoly_to_lowpoly: '/mesh/decimate',
  animate_prerigcheck: '/animations/rig-check',
  animate_rig: '/animations/rig',
  animate_retarget: '/animations/retarget',
};

/** A text-only `generate_image` has no image to edit: on v3 that is the text-to-image route. */
type ModelRequest = Pick<CreateTaskRequest, 'type'> & Partial<Record<'file' | 'files', unknown>>;

function isTextToImage(request: ModelRequest): boolean {
  return (
    request.type === 'text_to_image' ||
    (request.type === 'generate_image' && request.file === undefined && request.files === undefined)
  );
}

/**
 * The model a v3 request runs on: its own `model_version`, else the family's explicit default
 * ({@link V3_DEFAULT_MODELS}), because v3 may answer 400/1004 instead of applying a default of its own.
 * `undefined` for tasks whose server default is documented (texture, rig, mesh…).
 */
function modelOf(request: CreateTaskRequest): string | undefined {
  switch (request.type) {
    case 'text_to_model':
    case 'image_to_model':
    case 'multiview_to_model':
      return request.model_version ?? V3_DEFAULT_MODELS.generation;
    case 'text_to_image':
      return V3_DEFAULT_MODELS.textToImage;
    case 'generate_image':
      return (
        request.model_version ??
        (isTextToImage(request) ? V3_DEFAULT_MODELS.textToImage : V3_DEFAULT_MODELS.imageToImage)
      );
    default:
      return 'model_version' in request ? request.model_version : undefined;
  }
}

/** v2's image model names that have no v3 alias (unknown names pass: Tripo adds models often). */
const V2_ONLY_IMAGE_MODELS: ReadonlySet<string> = new Set(
  V2_IMAGE_MODELS.filter((m) => !(V3_IMAGE_MODELS as readonly string[]).includes(m)),
);

const GENERATION: ReadonlySet<string> = new Set(['text_to_model', 'image_to_model', 'multiview_to_model']);

function refuse(message: string, suggestion: string): TripoError {
  return new TripoError('invalid_request', message, { field: 'model_version', suggestion });
}

/**
 * Why v3 does not take the model a request names, or `undefined` when it may: the 3D versions retired on v3,
 * and image model names only v2 documents (v3 knows its image models by alias only). The client refuses such a
 * request before anything is sent; `estimate_cost` on a v3 toolkit refuses to price it.
 */
export function v3ModelRefusal(request: ModelRequest, model: string | undefined): TripoError | undefined {
  if (model === undefined) return undefined;
  const retired = GENERATION.has(request.type) ? retiredOnV3(model) : undefined;
  if (retired) return refuse(retired.message, retired.suggestion);
  if (request.type === 'generate_image' || request.type === 'text_to_image') {
    if (V2_ONLY_IMAGE_MODELS.has(model)) {
      return refuse(
        `The v3 API has no image model "${model}": it names its image models by alias.`,
        `Use one of ${V3_IMAGE_MODELS.join(', ')} (or omit model_version), or use the v2 API for ${model}.`,
      );
    }
    if (model === 'seedream_v4' && !isTextToImage(request)) {
      return refuse(
        'seedream_v4 makes images from text only; with a reference image v3 takes seedream_v5.',
        'Use seedream_v5 (the default with a reference image) or another image-editing model.',
      );
    }
  }
  return undefined;
}

/** The request field v3 takes as `input`, where it is not `original_model_task_id`. */
const INPUT_FIELDS: Partial<Record<CreateTaskRequest['type'], string>> = {
  image_to_model: 'file',
  generate_multiview_image: 'file',
  import_model: 'file',
  edit_multiview_image: 'original_task_id',
  refine_model: 'draft_model_task_id',
};

function moveToInput(out: Record<string, unknown>, field: string): void {
  out.input = out[field];
  delete out[field];
}

/**
 * The v3 body: no `type`; `model` instead of `model_version` (an explicit default for generation, see
 * {@link modelOf}); the source task or file as `input`; several files as `inputs` (multiview: 4 slots, `''`
 * skips one). Inputs go as given: a URL, `file_…` token, task id or file object.
 */
function body(request: CreateTaskRequest): Record<string, unknown> {
  const { type: _type, ...rest } = request;
  const out: Record<string, unknown> = { ...rest };
  delete out.model_version;
  const model = modelOf(request);
  const refused = v3ModelRefusal(request, model);
  if (refused) throw refused;
  if (model !== undefined) out.model = model;
  switch (request.type) {
    case 'multiview_to_model':
      delete out.files;
      delete out.original_task_id;
      if (request.files) out.inputs = request.files.map((f) => f ?? '');
      else if (request.original_task_id) out.inputs = [{ task_id: request.original_task_id }];
      break;
    case 'generate_image':
      delete out.file;
      delete out.files;
      if (request.file !== undefined) out.input = request.file;
      if (request.files !== undefined) out.inputs = request.files;
      break;
    case 'texture_model': {
      moveToInput(out, 'original_model_task_id');
      delete out.texture_prompt;
      const prompt = request.texture_prompt;
      if (prompt?.text !== undefined) out.text_prompt = prompt.text;
      if (prompt?.image !== undefined) out.image_prompt = prompt.image;
      if (prompt?.style_image !== undefined) out.style_image = prompt.style_image;
      // No v3 field is documented for four texture views; v3 still accepts the v2 shape.
      if (prompt?.images !== undefined)
        out.texture_prompt = { images: prompt.images.map((f) => (f == null ? {} : f)) };
      break;
    }
    case 'text_to_model':
    case 'text_to_image':
      break;
    default:
      moveToInput(out, INPUT_FIELDS[request.type] ?? 'original_model_task_id');
  }
  return compact(out);
}

function route(request: CreateTaskRequest): string {
  return isTextToImage(request) ? V3_ROUTES.text_to_image : V3_ROUTES[request.type];
}

/** The v3 dialect: a route per capability, `GET /tasks/{id}`, batch `POST /tasks/list`. */
export const v3Dialect: Dialect = {
  version: 'v3',
  createTask: (request) => ({ path: route(request), body: body(request) }),
  taskPath: (taskId) => `/tasks/${encodeURIComponent(taskId)}`,
  batchPath: '/tasks/list',
  balancePath: '/account/balance',
  uploadPath: '/files',
  presignPath: '/files/presign',
};
