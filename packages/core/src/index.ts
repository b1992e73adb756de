/**
 * `@tripokit/core`: the Tripo client, status interpretation, waiting, downloads and the tool catalogue.
 * Each area appends its own exports below; keep one line per module.
 */

export * from './client/balance.js';
export * from './client/client.js';
export * from './client/model-upload.js';
export * from './client/normalize.js';
export * from './client/options.js';
export * from './client/requests/index.js';
export * from './client/scheduler.js';
export * from './client/task.js';
export * from './client/upload.js';
export * from './client/validate.js';
export * from './clock.js';
export * from './errors.js';
export * from './files/download.js';
export * from './files/file-type.js';
export * from './files/inside.js';
export * from './files/outputs.js';
export * from './pricing.js';
export * from './status/causes.js';
export * from './status/interpret.js';
export * from './status/poll-delay.js';
export * from './status/progress.js';
export * from './tools/adapter-options.js';
export * from './tools/index.js';
export * from './tools/tool-metadata.js';
export * from './wait/types.js';
export * from './wait/wait-for-task.js';
export * from './wait/websocket-watch.js';
