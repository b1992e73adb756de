import { expect } from 'vitest';
import type { ProgressUpdate, ToolCallOutcome, ToolListing } from './driver.js';

/** Whether `secret` appears anywhere in `value` (deeply, including error messages and progress). */
export function containsSecret(value: unknown, secret: string): boolean {
  return JSON.stringify(value ?? null).includes(secret);
}

/** Progress that arrived in order: at least `min` updates, 0–100, never going backwards, each with a message. */
export function expectOrderedProgress(progress: readonly ProgressUpdate[], min = 2): void {
  expect(progress.length, 'progress updates').toBeGreaterThanOrEqual(min);
  let last = -1;
  for (const update of progress) {
    expect(update.progress).toBeGreaterThanOrEqual(0);
    expect(update.progress).toBeLessThanOrEqual(100);
    expect(update.progress, 'progress never goes backwards').toBeGreaterThanOrEqual(last);
    last = update.progress;
    if (update.message !== undefined) expect(update.message.trim()).not.toBe('');
  }
}

/** The structured result of a successful call, failing the test with what came back instead. */
export function resultOf(outcome: ToolCallOutcome): Record<string, unknown> {
  expect(outcome.error, `expected a result, got error ${JSON.stringify(outcome.error)}`).toBeUndefined();
  expect(outcome.result).toBeDefined();
  return outcome.result as Record<string, unknown>;
}

/** The error of a failed call, failing the test with what came back instead. */
export function errorOf(outcome: ToolCallOutcome): NonNullable<ToolCallOutcome['error']> {
  expect(outcome.result, `expected an error, got result ${JSON.stringify(outcome.result)}`).toBeUndefined();
  expect(outcome.error).toBeDefined();
  const error = outcome.error as NonNullable<ToolCallOutcome['error']>;
  if (outcome.text !== undefined && error.suggestion !== undefined) {
    expect(outcome.text, 'the model reads the advice too').toContain(error.suggestion);
  }
  return error;
}

/**
 * The error of a call whose task ended without success: code `task_failed`, advice that is the status's own
 * `next_step`, and the structured status next to it (final, not `success`, naming the task). Returns that status.
 */
export function failedTaskOf(outcome: ToolCallOutcome): Record<string, unknown> {
  const error = errorOf(outcome);
  expect(error.code, error.message).toBe('task_failed');
  const status = outcome.errorResult;
  expect(status, 'a failed task still reports its structured status').toBeDefined();
  const { terminal, outcome: ended, task_id, next_step } = status as Record<string, unknown>;
  expect(terminal).toBe(true);
  expect(ended).not.toBe('success');
  expect(typeof task_id).toBe('string');
  expect(error.message).toContain(task_id as string);
  expect(error.suggestion, 'the advice is the status next step').toBe(next_step);
  return status as Record<string, unknown>;
}

/** A string field of a structured result. */
export function stringField(result: Record<string, unknown>, key: string): string {
  const value = result[key];
  expect(typeof value, `result.${key}`).toBe('string');
  return value as string;
}

/**
 * A JSON Schema without the `$schema` dialect marker, which frameworks add or drop on their own; everything
 * else is what a model reads and must match exactly. A missing schema compares as an empty one.
 */
export function comparableSchema(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = schema ?? {};
  return rest;
}

/** Tool listings keyed by name, schemas made comparable. */
export function byName(listings: readonly ToolListing[]): Record<string, Record<string, unknown>> {
  return Object.fromEntries(listings.map((tool) => [tool.name, comparableSchema(tool.inputSchema)]));
}
