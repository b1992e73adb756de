/**
 * `@tripokit/langchain`: TripoKit's Tripo 3D tools for LangChain.js and LangGraph, with progress as custom
 * events and LangGraph custom stream chunks.
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
  TRIPO_PROGRESS_EVENT,
  type TripoProgressChunk,
  type TripoProgressPayload,
  TripoStructuredTool,
  type TripoToolErrorArtifact,
  type TripoToolOutput,
  type TripoToolSchema,
} from './create-tripo-tools.js';
