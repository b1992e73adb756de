/**
 * `@tripokit/core`: the Tripo client, status interpretation, waiting, downloads and the tool catalogue.
 * Each area appends its own exports below; keep one line per module.
 */

export * from './client/client.js';
export * from './client/options.js';
export * from './client/requests/index.js';
export * from './client/task.js';
export * from './clock.js';
export * from './errors.js';
