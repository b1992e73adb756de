import { pathToFileURL } from 'node:url';
import { detectFileType } from '@tripokit/core';

/**
 * The MIME type of a file in the output folder (`model/gltf-binary` for a GLB), decided by core's file
 * typing: from its first bytes when given, else from its extension.
 */
export function mimeTypeOf(
  path: string,
  head: Uint8Array = new Uint8Array(0),
  totalBytes = head.length,
): string {
  return detectFileType({ head, totalBytes, url: pathToFileURL(path).href }).contentType;
}
