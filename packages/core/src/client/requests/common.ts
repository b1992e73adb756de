import { z } from 'zod';

/** Characters Tripo rejects in prompts with error 2009: emoji, pictographs, flags, variation selectors. */
const FORBIDDEN_PROMPT_CHARS = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u{FE0E}|\u{FE0F}/u;

/** Control characters other than tab and line breaks. */
function hasControlChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** A prompt: non-blank, at most `max` characters, no emoji or control characters (Tripo error 2009). */
export function promptSchema(max: number, what = 'prompt') {
  return z
    .string()
    .refine((s) => s.trim().length > 0, { message: `The ${what} must not be empty.` })
    .max(max, { message: `The ${what} must be at most ${max} characters.` })
    .refine((s) => !FORBIDDEN_PROMPT_CHARS.test(s) && !hasControlChars(s), {
      message: `The ${what} must not contain emoji, pictographs or control characters (Tripo rejects them with error 2009). Describe them in words instead.`,
    });
}

/**
 * A task id. Tripo's are bare UUIDs on v2 and either bare UUIDs or `task_`-prefixed ids on v3 (the official v3
 * SDKs' tests use `task_…`); both pass and go on the wire exactly as given, never with a prefix added or
 * removed. Only the character set is checked, so future formats still pass and nothing can escape the URL path.
 */
export const TaskId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'A task id holds only letters, digits, "-" and "_".' });

/**
 * A model version string such as `v3.1-20260211` or `P1-20260311`. Tripo adds versions often, so any
 * well-formed value passes; the server rejects unknown ones (2015/2017).
 */
export const ModelVersion = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][\w.-]*$/, { message: 'A model version looks like "v3.1-20260211" or "P1-20260311".' });

const S3Object = z.strictObject({
  bucket: z.string().min(1),
  key: z.string().min(1),
});

/**
 * A Tripo file object: exactly one of `url`, `file_token` or `object` (`{bucket, key}` of an STS upload),
 * plus an optional file `type` hint such as `jpg`, `png`, `webp` or `glb`.
 */
export const FileObject = z
  .strictObject({
    type: z.string().min(1).max(16).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    file_token: z.string().min(1).max(128).optional(),
    object: S3Object.optional(),
  })
  .superRefine((value, ctx) => {
    const set = (['url', 'file_token', 'object'] as const).filter((k) => value[k] !== undefined);
    if (set.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `A file object needs exactly one of url, file_token or object (got ${set.length === 0 ? 'none' : set.join(', ')}).`,
      });
    }
  });
export type FileObject = z.infer<typeof FileObject>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FILE_TOKEN = /^file_[A-Za-z0-9_-]+$/;
const PREFIXED_TASK_ID = /^task_[A-Za-z0-9_-]+$/;

/** Whether `s` is an upload token (`file_…` on v3, a UUID `image_token` on v2). */
export function isFileToken(s: string): boolean {
  return FILE_TOKEN.test(s) || UUID.test(s);
}

/** Whether `s` is the id of a task in the `task_…` form (a bare UUID may be a task id or a v2 upload token). */
export function isPrefixedTaskId(s: string): boolean {
  return PREFIXED_TASK_ID.test(s);
}

/** Whether `s` is an http(s) URL. */
export function isHttpUrl(s: string): boolean {
  return /^https?:\/\/\S+$/i.test(s);
}

/**
 * An image or model input: an http(s) URL, an upload token (`file_…` or a UUID from `uploadFile`), on v3 the
 * id of an earlier task whose output to use (a UUID or `task_…`), or a Tripo file object.
 */
export const FileInput = z.union([
  z.string().refine((s) => isHttpUrl(s) || isFileToken(s) || isPrefixedTaskId(s), {
    message:
      'Expected an http(s) URL, a file token ("file_…" or a UUID returned by uploadFile), a task id, or a file object {url}|{file_token}|{object:{bucket,key}}. Upload local files first with uploadFile.',
  }),
  FileObject,
]);
export type FileInput = z.infer<typeof FileInput>;

/** Exactly four file slots in Tripo's view order [front, left, back, right]; `null` skips a view. */
export function fileViewSlots(field: string) {
  return z.tuple([FileInput.nullable(), FileInput.nullable(), FileInput.nullable(), FileInput.nullable()], {
    error: (iss) =>
      iss.code === 'too_small' || iss.code === 'too_big' || iss.code === 'invalid_type'
        ? `${field} needs exactly 4 slots [front, left, back, right]; use null to skip a view.`
        : undefined,
  });
}

export const TEXTURE_QUALITIES = ['standard', 'detailed', 'extreme', 'fast'] as const;
export const TextureQuality = z.enum(TEXTURE_QUALITIES);

export const GEOMETRY_QUALITIES = ['standard', 'detailed'] as const;
export const GeometryQuality = z.enum(GEOMETRY_QUALITIES);

export const TEXTURE_ALIGNMENTS = ['original_image', 'geometry'] as const;
export const TextureAlignment = z.enum(TEXTURE_ALIGNMENTS);

export const ORIENTATIONS = ['default', 'align_image'] as const;
export const Orientation = z.enum(ORIENTATIONS);

export const EXPORT_ORIENTATIONS = ['+x', '-x', '+y', '-y'] as const;
export const ExportOrientation = z.enum(EXPORT_ORIENTATIONS);

export const Seed = z.int().min(0).max(2_147_483_647);

/** Names of parts produced by `mesh_segmentation`. */
export const PartNames = z.array(z.string().min(1)).max(256);

/** The four multiview slots, in Tripo's order. */
export const MULTIVIEW_VIEWS = ['front', 'left', 'back', 'right'] as const;
export type MultiviewView = (typeof MULTIVIEW_VIEWS)[number];
