import { TripoError } from '../../errors.js';
import { type FileInput, isHttpUrl, isPrefixedTaskId } from '../requests/common.js';
import type { CreateTaskRequest } from '../requests/index.js';
import { compact, type Dialect, fileTypeFromName } from './types.js';

type Kind = 'image' | 'model';

/**
 * A v2 file object. Strings become `{url}` or `{file_token}` (v2 has no task-id inputs); a `type` hint is added
 * when missing, because the v2 docs "strongly advise" it (images default to `jpg`, as the Python SDK does).
 */
function fileObject(input: FileInput, kind: Kind): Record<string, unknown> {
  if (typeof input === 'string') {
    if (isPrefixedTaskId(input)) {
      throw new TripoError('invalid_request', `The v2 API takes no task id (${input}) as a file input.`, {
        suggestion:
          'Pass the output file as a URL or an upload token, or use the v3 API, which chains tasks by id.',
      });
    }
    if (isHttpUrl(input))
      return compact({ type: fileTypeFromName(input, kind) ?? defaultType(kind), url: input });
    return compact({ type: defaultType(kind), file_token: input });
  }
  const named = input.url ?? input.object?.key;
  return compact({
    ...input,
    type: input.type ?? (named ? fileTypeFromName(named, kind) : undefined) ?? defaultType(kind),
  });
}

function defaultType(kind: Kind): string | undefined {
  return kind === 'image' ? 'jpg' : undefined;
}

/** A skipped multiview slot is an object without a token on v2. */
function slots(files: readonly (FileInput | null)[]): Record<string, unknown>[] {
  return files.map((f) => (f == null ? {} : fileObject(f, 'image')));
}

function body(request: CreateTaskRequest): Record<string, unknown> {
  switch (request.type) {
    case 'image_to_model':
    case 'generate_multiview_image':
      return { ...request, file: fileObject(request.file, 'image') };
    case 'multiview_to_model':
      return { ...request, files: request.files ? slots(request.files) : undefined };
    case 'import_model':
      return { ...request, file: fileObject(request.file, 'model') };
    case 'generate_image':
      return {
        ...request,
        file: request.file === undefined ? undefined : fileObject(request.file, 'image'),
        files: request.files?.map((f) => fileObject(f, 'image')),
      };
    case 'texture_model': {
      const prompt = request.texture_prompt;
      return {
        ...request,
        texture_prompt:
          prompt === undefined
            ? undefined
            : compact({
                text: prompt.text,
                image: prompt.image === undefined ? undefined : fileObject(prompt.image, 'image'),
                images: prompt.images === undefined ? undefined : slots(prompt.images),
                style_image:
                  prompt.style_image === undefined ? undefined : fileObject(prompt.style_image, 'image'),
              }),
      };
    }
    default:
      return { ...request };
  }
}

/** The v2 ("openapi") dialect: one `POST /task` with `type`, `GET /task/{id}`, WebSocket watch. */
export const v2Dialect: Dialect = {
  version: 'v2',
  createTask: (request) => ({ path: '/task', body: compact(body(request)) }),
  taskPath: (taskId) => `/task/${encodeURIComponent(taskId)}`,
  balancePath: '/user/balance',
  uploadPath: '/upload/sts',
  watchUrl: (baseUrl, taskId) =>
    `${baseUrl.replace(/^http/i, 'ws')}/task/watch/${encodeURIComponent(taskId)}`,
};
