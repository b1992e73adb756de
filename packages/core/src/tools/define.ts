import type { z } from 'zod';
import type { ToolAnnotations, ToolDefinition } from './types.js';

/** Identity helper that infers `execute`'s input and result types from the schemas, and keeps the literal name. */
export function defineTool<const N extends string, I extends z.ZodType, O extends z.ZodType>(
  definition: ToolDefinition<I, O> & { name: N },
): ToolDefinition<I, O> & { name: N } {
  return definition;
}

/** Looks something up at Tripo without changing anything or spending credits. */
export const READ_ONLY_REMOTE: ToolAnnotations = {
  readOnly: true,
  idempotent: true,
  spendsCredits: false,
  openWorld: true,
};

/** Answers from local knowledge only (price list, this process's memory). */
export const READ_ONLY_LOCAL: ToolAnnotations = {
  readOnly: true,
  idempotent: true,
  spendsCredits: false,
  openWorld: false,
};

/** Starts a paid Tripo task: each call creates a new task and may spend credits. */
export const STARTS_TASK: ToolAnnotations = {
  readOnly: false,
  idempotent: false,
  spendsCredits: true,
  openWorld: true,
};

/** Starts a Tripo task that costs nothing (import, rig check). */
export const STARTS_FREE_TASK: ToolAnnotations = {
  readOnly: false,
  idempotent: false,
  spendsCredits: false,
  openWorld: true,
};
