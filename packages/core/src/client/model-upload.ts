import {
  type CheckedUpload,
  extensionOf,
  readTypedUpload,
  startsWithText,
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

function sniffModelType(bytes: Uint8Array): UploadModelType | undefined {
  if (startsWithText(bytes, 'glTF')) return 'glb';
  if (startsWithText(bytes, 'Kaydara FBX Binary')) return 'fbx';
  return undefined;
}

const MODEL_UPLOAD: UploadKind<UploadModelType> = {
  limit: {
    maxBytes: MAX_MODEL_UPLOAD_BYTES,
    suggestion: 'Simplify the model or compress its textures to get it under 150 MB.',
  },
  recognise(bytes, name) {
    const named = namedType(name);
    return sniffModelType(bytes) ?? (named === 'glb' ? undefined : named);
  },
  refusal: (name) =>
    namedType(name) === 'glb'
      ? `${name} has no glTF header, so it is not a GLB file.`
      : 'Only GLB, OBJ, FBX and STL model files can be imported into Tripo.',
  suggestion: 'Export the model as GLB (or OBJ, FBX, STL) and try again.',
  defaultName: 'model',
};

/**
 * Reads and checks a model upload: at most 150 MB (refused before reading a file), GLB, OBJ, FBX or STL. GLB and
 * binary FBX are recognised by their header; the text formats by the file name's extension. A `.glb` without
 * a glTF header is refused rather than sent.
 */
export function prepareModelUpload(
  source: UploadSource,
  options: UploadOptions = {},
): Promise<PreparedModelUpload> {
  return readTypedUpload(source, options, MODEL_UPLOAD);
}
