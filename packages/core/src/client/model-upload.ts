import { sniffFileType } from '../files/file-type.js';
import {
  type CheckedUpload,
  extensionOf,
  readTypedUpload,
  type Uploaded,
  type UploadKind,
  type UploadOptions,
  type UploadSource,
} from './upload-source.js';

/** 3D model formats Tripo accepts for `import_model`, as its file-object `type` hint and presign `format`. */
export type UploadModelType = 'glb' | 'obj' | 'fbx' | 'stl';

/** An uploaded model file (v3): its `file` object is the `file` of an `import_model` request. */
export type UploadedModel = Uploaded<UploadModelType>;

/** Tripo's limit for imported models (under 150 MB). */
export const MAX_MODEL_UPLOAD_BYTES = 150 * 1024 * 1024;

const MODEL_TYPES: readonly UploadModelType[] = ['glb', 'obj', 'fbx', 'stl'];

/** A model upload ready to send. */
export type PreparedModelUpload = CheckedUpload<UploadModelType>;

function namedType(name: string | undefined): UploadModelType | undefined {
  const ext = extensionOf(name);
  return (MODEL_TYPES as readonly string[]).includes(ext) ? (ext as UploadModelType) : undefined;
}

/** The model type of `bytes` by their content: GLB and FBX by their headers, STL and OBJ by their structure. */
export function sniffModelType(bytes: Uint8Array): UploadModelType | undefined {
  const ext = sniffFileType(bytes, bytes.byteLength)?.ext.slice(1);
  return (MODEL_TYPES as readonly (string | undefined)[]).includes(ext)
    ? (ext as UploadModelType)
    : undefined;
}

const MODEL_UPLOAD: UploadKind<UploadModelType> = {
  limit: {
    maxBytes: MAX_MODEL_UPLOAD_BYTES,
    suggestion: 'Simplify the model or compress its textures to get it under 150 MB.',
  },
  recognise: sniffModelType,
  refusal: (name) => {
    const named = namedType(name);
    return named === undefined
      ? 'Only GLB, OBJ, FBX and STL model files can be imported into Tripo.'
      : `${name} does not look like ${named === 'obj' ? 'an' : 'a'} ${named.toUpperCase()} file inside (${
          named === 'glb' ? 'no glTF header' : named === 'fbx' ? 'no FBX header' : 'no model data recognised'
        }); only GLB, OBJ, FBX and STL models can be imported.`;
  },
  suggestion: 'Export the model as GLB (or OBJ, FBX, STL) and try again.',
  defaultName: 'model',
};

/**
 * Reads and checks a model upload: at most 150 MB (refused before reading a file), GLB, OBJ, FBX or STL, told
 * apart by the bytes, never by the name: GLB and FBX by their headers, binary STL by its size matching its
 * triangle count, ASCII STL and OBJ by their text. Anything else (a `.glb` without a glTF header, a `.obj`
 * that is not OBJ text) is refused rather than sent.
 */
export function prepareModelUpload(
  source: UploadSource,
  options: UploadOptions = {},
): Promise<PreparedModelUpload> {
  return readTypedUpload(source, options, MODEL_UPLOAD);
}
