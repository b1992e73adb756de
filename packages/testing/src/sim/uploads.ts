import type { DialectAdapter } from './dialects/dialect.js';
import { ApiError, invalidParam } from './errors.js';
import { rawResponse, readLimited } from './http.js';

/** Path prefix of presigned upload URLs (v3 `POST /files/presign`). */
export const UPLOADS_PREFIX = '/uploads';

/** An uploaded file. */
export interface Upload {
  token: string;
  fileName: string;
  /** `image` (png/jpeg/webp) or `model` (glb/obj/fbx/stl). */
  kind: 'image' | 'model';
  bytes: Uint8Array;
  /** False while a presigned upload still waits for its PUT. */
  ready: boolean;
}

/** Formats accepted by `/upload/sts/token` and `/files/presign`. */
export const UPLOAD_FORMATS = ['webp', 'jpeg', 'jpg', 'png', 'glb', 'obj', 'fbx', 'stl'] as const;
const MODEL_FORMATS = new Set(['glb', 'obj', 'fbx', 'stl']);

/** Recognises an upload by magic bytes, falling back to the extension for text model formats. */
export function sniffUpload(
  bytes: Uint8Array,
  fileName: string,
): { kind: 'image' | 'model'; ext: string } | null {
  const at = (i: number): number => bytes[i] ?? -1;
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47)
    return { kind: 'image', ext: 'png' };
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return { kind: 'image', ext: 'jpeg' };
  const ascii = (from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { kind: 'image', ext: 'webp' };
  if (ascii(0, 4) === 'glTF') return { kind: 'model', ext: 'glb' };
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (MODEL_FORMATS.has(ext)) return { kind: 'model', ext };
  return null;
}

/** Checks a `{format}` body field of the STS / presign routes. */
export function uploadFormat(value: unknown): string {
  const format = String(value ?? '').toLowerCase();
  if (!(UPLOAD_FORMATS as readonly string[]).includes(format)) {
    throw invalidParam('format', `must be one of ${UPLOAD_FORMATS.join(', ')}`);
  }
  return format;
}

/** Uploaded files by token: multipart uploads (v2 images, v3 images and models) and presigned PUTs. */
export class UploadStore {
  readonly #uploads = new Map<string, Upload>();

  constructor(readonly maxBytes: number) {}

  get(token: string): Upload | undefined {
    return this.#uploads.get(token);
  }

  /** Stores the multipart field `file` of `request` and returns its token; throws {@link ApiError}. */
  async receive(d: DialectAdapter, request: Request): Promise<string> {
    const tooLarge = (): ApiError =>
      new ApiError(d.tooLargeUploadCode, `Files are limited to ${this.maxBytes} bytes.`, { httpStatus: 413 });
    const bytes = await readLimited(request, this.maxBytes + 64 * 1024);
    if (bytes === null) throw tooLarge();
    let form: FormData;
    try {
      const contentType = request.headers.get('content-type') ?? '';
      form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
    } catch {
      throw new ApiError(1003, 'Expected a multipart/form-data body with a `file` field.');
    }
    const file = form.get('file');
    if (!(file instanceof Blob)) throw invalidParam('file', 'is required (multipart field `file`)');
    const content = new Uint8Array(await file.arrayBuffer());
    if (content.byteLength === 0) throw new ApiError(2003);
    if (content.byteLength > this.maxBytes) throw tooLarge();
    const fileName = file instanceof File ? file.name : 'upload';
    const sniffed = sniffUpload(content, fileName);
    if (!sniffed || (d.name === 'v2' && sniffed.kind !== 'image')) {
      throw new ApiError(2004, d.name === 'v2' ? 'Direct uploads take webp, jpeg or png.' : undefined);
    }
    const token = d.newUploadToken();
    this.#uploads.set(token, { token, fileName, kind: sniffed.kind, bytes: content, ready: true });
    return token;
  }

  /** Reserves a token whose bytes arrive later by `PUT` to the returned URL. */
  presign(d: DialectAdapter, origin: string, format: string): { file_token: string; upload_url: string } {
    const token = d.newUploadToken();
    const kind = MODEL_FORMATS.has(format) ? 'model' : 'image';
    this.#uploads.set(token, {
      token,
      fileName: `upload.${format}`,
      kind,
      bytes: new Uint8Array(),
      ready: false,
    });
    return { file_token: token, upload_url: `${origin}${UPLOADS_PREFIX}/${token}` };
  }

  /**
   * Handles the `PUT` of a presigned upload. With `signedContentType`, the URL is taken to be signed for that
   * `Content-Type` (as S3 presigned URLs can be): any other answers 403 `SignatureDoesNotMatch`.
   */
  async put(request: Request, url: URL, traceId: string, signedContentType?: string): Promise<Response> {
    const token = decodeURIComponent(url.pathname.slice(UPLOADS_PREFIX.length + 1));
    const upload = this.#uploads.get(token);
    if (!upload) return rawResponse('NoSuchUpload', 404, traceId);
    const sent = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (signedContentType !== undefined && sent !== signedContentType)
      return rawResponse('SignatureDoesNotMatch', 403, traceId);
    const bytes = await readLimited(request, this.maxBytes);
    if (bytes === null) return rawResponse('EntityTooLarge', 413, traceId);
    upload.bytes = bytes;
    upload.ready = true;
    return rawResponse(null, 200, traceId);
  }
}
