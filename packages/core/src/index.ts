/**
 * `@tripokit/core`: the Tripo client, status interpretation, waiting, downloads and the tool catalogue.
 * Each area appends its own exports below; keep one line per module.
 */
export * from './client/task.js';
export * from './errors.js';
