/**
 * `@tripokit/core`: the Tripo client, status interpretation, waiting, downloads, and the toolkit every adapter
 * is made of. Any name exported here is public API: named exports only, each because a user needs it
 * (`test/barrel.test.ts` holds the list). Adapter plumbing lives in `@tripokit/core/adapter`.
 */

export type { Balance } from './client/balance.js';
// The client
export { type CallOptions, type CreatedTask, TripoClient } from './client/client.js';
export type { UploadedModel } from './client/model-upload.js';
export { type ApiVersion, type Region, TRIPO_BASE_URLS, type TripoClientOptions } from './client/options.js';
export {
  AnimatePrerigcheckRequest,
  AnimateRetargetRequest,
  AnimateRigRequest,
  ConvertModelRequest,
  CreateTaskRequest,
  EditMultiviewImageRequest,
  type FileInput,
  GenerateImageRequest,
  GenerateMultiviewImageRequest,
  HighpolyToLowpolyRequest,
  ImageToModelRequest,
  ImportModelRequest,
  MeshCompletionRequest,
  MeshSegmentationRequest,
  MultiviewToModelRequest,
  RefineModelRequest,
  StylizeModelRequest,
  TASK_REQUEST_RULES,
  TASK_REQUEST_SCHEMAS,
  TASK_TYPES,
  type TaskRequestOf,
  type TaskType,
  TextToImageRequest,
  TextToModelRequest,
  TextureModelRequest,
} from './client/requests/index.js';
export type { SchedulerStats } from './client/scheduler.js';
// Tasks and requests
export {
  TASK_STATUSES,
  type Task,
  type TaskOutput,
  type TaskStatus,
  TERMINAL_STATUSES,
} from './client/task.js';
export type { UploadedFile } from './client/upload.js';
export { validateCreateTaskRequest } from './client/validate.js';
export { type Clock, systemClock } from './clock.js';
export { TripoError, type TripoErrorCode, type TripoErrorDetails, TripoWaitTimeoutError } from './errors.js';
export {
  type DownloadDeps,
  type DownloadOptions,
  type DownloadResult,
  downloadTaskOutput,
} from './files/download.js';
export { detectFileType } from './files/file-type.js';
export { listTaskOutputs, type TaskOutputName } from './files/outputs.js';
export { CREDIT_PRICES, type CreditEstimate, estimateCredits, type PricedRequest } from './pricing.js';
export type { FailureCause } from './status/causes.js';
// What a task means, waiting for it, and its files
export {
  type InterpretOptions,
  interpretTask,
  type TaskInterpretation,
  type TaskOutcome,
} from './status/interpret.js';
export { describeProgress } from './status/progress.js';
export { TASK_TYPE_INFO, type TaskTypeInfo } from './task-types.js';
export type { ToolCallItem, ToolCallOptions, ToolCallProgress, ToolCallResult } from './tools/call.js';
export {
  TRIPO_TOOL_NAMES,
  type TripoToolName,
  tripoTools,
  tripoToolsByName,
} from './tools/catalogue.js';
export { defineTool } from './tools/define.js';
export { type RecentTask, RecentTasks, type RecentTaskUpdate, type TaskStore } from './tools/recent-tasks.js';
export { TOOL_PRESETS, type ToolSelection } from './tools/select.js';
export { type ToolErrorDetail, TripoToolCallError } from './tools/tool-error.js';
// The toolkit and its tools
export {
  createTripoToolkit,
  type ToolkitTool,
  type TripoToolkit,
  type TripoToolkitOptions,
  type TripoToolMetadata,
} from './tools/toolkit.js';
export type {
  ToolAnnotations,
  ToolContext,
  ToolDefinition,
  ToolProgressEvent,
  ToolResult,
} from './tools/types.js';
export type { WaitDeps, WaitOptions } from './wait/types.js';
export { waitForTask } from './wait/wait-for-task.js';
export { createWebSocketTaskWatch } from './wait/websocket-watch.js';
