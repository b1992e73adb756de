/**
 * `@tripokit/core/adapter`: what TripoKit's own hosts (the MCP server, the batch runner) share beyond the public
 * API. Not meant for applications; it may change with any minor version.
 */

export { ANIMATION_PRESETS } from './client/requests/animation.js';
export { CONVERT_FORMATS } from './client/requests/models.js';
export { SNIFF_BYTES } from './files/file-type.js';
export { isPathInside } from './files/inside.js';
export { isFinishedFileName } from './files/temp-file.js';
export { createRedactor, type Redactor } from './redact.js';
