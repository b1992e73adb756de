import type { CreateTaskRequest, TaskType } from '../requests/index.js';
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

/**
 * The v3 body: no `type`; `model` instead of `model_version`; the source task or file as `input`; several files
 * as `inputs` (multiview: 4 slots, `''` skips one). Inputs go as given: a URL, `file_…` token, task id or
 * file object.
 */
function body(request: CreateTaskRequest): Record<string, unknown> {
  const { type: _type, ...rest } = request;
  const out: Record<string, unknown> = { ...rest };
  if ('model_version' in out) {
    out.model = out.model_version;
    delete out.model_version;
  }
  switch (request.type) {
    case 'image_to_model':
    case 'generate_multiview_image':
    case 'import_model':
      delete out.file;
      out.input = request.file;
      break;
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
    case 'edit_multiview_image':
      delete out.original_task_id;
      out.input = request.original_task_id;
      break;
    case 'refine_model':
      delete out.draft_model_task_id;
      out.input = request.draft_model_task_id;
      break;
    case 'texture_model': {
      delete out.original_model_task_id;
      delete out.texture_prompt;
      out.input = request.original_model_task_id;
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
      delete out.original_model_task_id;
      out.input = request.original_model_task_id;
  }
  return compact(out);
}

/** A text-only `generate_image` has no image to edit: on v3 that is the text-to-image route. */
function route(request: CreateTaskRequest): string {
  if (request.type === 'generate_image' && request.file === undefined && request.files === undefined) {
    return V3_ROUTES.text_to_image;
  }
  return V3_ROUTES[request.type];
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
