import { TripoError } from '../errors.js';
import {
  extensionOf,
  readUploadSource,
  type Uploaded,
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
export interface PreparedModelUpload {
  bytes: Uint8Array;
  filename: string;
  type: UploadModelType;
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Reads and checks a model upload: at most 150 MB (refused before reading a file), GLB, OBJ, FBX or STL. GLB and
 * binary FBX are recognised by their header; the text formats by the file name's extension. A `.glb` without
 * a glTF header is refused rather than sent.
 */
export async function prepareModelUpload(
  source: UploadSource,
  options: UploadOptions = {},
): Promise<PreparedModelUpload> {
  const { bytes, name } = await readUploadSource(source, options, {
    maxBytes: MAX_MODEL_UPLOAD_BYTES,
    suggestion: 'Simplify the model or compress its textures to get it under 150 MB.',
  });
  const ext = extensionOf(name);
  const named = (MODEL_TYPES as readonly string[]).includes(ext) ? (ext as UploadModelType) : undefined;
  const sniffed = startsWith(bytes, 'glTF')
    ? 'glb'
    : startsWith(bytes, 'Kaydara FBX Binary')
      ? 'fbx'
      : undefined;
  const type = sniffed ?? (named === 'glb' ? undefined : named);
  if (type === undefined) {
    throw new TripoError(
      'invalid_request',
      named === 'glb'
        ? `${name} has no glTF header, so it is not a GLB file.`
        : 'Only GLB, OBJ, FBX and STL model files can be imported into Tripo.',
      { field: 'file', suggestion: 'Export the model as GLB (or OBJ, FBX, STL) and try again.' },
    );
  }
  return { bytes, filename: name ?? `model.${type}`, type };
}
