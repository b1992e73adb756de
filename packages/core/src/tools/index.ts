/**
 * The framework-neutral tool catalogue: definitions, the shared plumbing adapters use to run them
 * (`createToolContext`, `runTool`, `streamTool`, `toolErrorResult`, `selectTools`), and the shared result shapes.
 */
export * from './catalogue.js';
export * from './check-riggable.js';
export * from './complete-mesh.js';
export * from './context.js';
export * from './convert-model.js';
export * from './create-3d-model-from-image.js';
export * from './create-3d-model-from-multiview.js';
export * from './create-3d-model-from-text.js';
export { defineTool } from './define.js';
export * from './download-model.js';
export * from './downloaded-file.js';
export * from './estimate-cost.js';
export * from './file-input.js';
export * from './generate-3d-model.js';
export * from './generate-image.js';
export * from './generate-multiview-image.js';
export * from './get-balance.js';
export * from './get-task-status.js';
export * from './import-model.js';
export * from './list-recent-tasks.js';
export * from './recent-tasks.js';
export * from './refine-model.js';
export * from './retarget-animation.js';
export * from './rig-model.js';
export * from './run.js';
export * from './segment-mesh.js';
export * from './select.js';
export * from './smart-lowpoly.js';
export * from './status-result.js';
export * from './stylize-model.js';
export * from './task-outcome.js';
export * from './task-started.js';
export { clampText, MAX_TOOL_TEXT_BYTES, utf8Bytes } from './text.js';
export * from './texture-model.js';
export type * from './types.js';
export * from './upload-file.js';
export * from './wait.js';
export * from './wait-for-task.js';
