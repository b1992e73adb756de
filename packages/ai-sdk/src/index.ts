/**
 * `@tripokit/ai-sdk`: TripoKit's Tripo 3D tools for the Vercel AI SDK, streaming live progress as
 * preliminary tool results.
 */

/** Re-exported from `@tripokit/core` so that an app needs no direct dependency on it (pnpm keeps it private). */
export {
  TripoClient,
  type TripoClientOptions,
  TripoError,
  type TripoErrorCode,
  TripoToolCallError,
} from '@tripokit/core';
export {
  type CreateTripoToolsOptions,
  createTripoTools,
  type TripoAiTool,
  type TripoToolInput,
  type TripoTools,
} from './create-tripo-tools.js';
export type { TripoToolOutput, TripoToolProgress, TripoToolResult } from './output.js';
