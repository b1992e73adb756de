import type { z } from 'zod';

/** A cross-field rule: adds an issue (with its field path) for every violation it finds. */
export type RequestRule<T> = (value: T, ctx: z.RefinementCtx) => void;

/** Adds an issue at `field` with `message`. */
export function issue(ctx: z.RefinementCtx, field: string | (string | number)[], message: string): void {
  ctx.addIssue({ code: 'custom', path: Array.isArray(field) ? field : [field], message });
}

/** Adds an issue when `value` is outside `[min, max]`, naming the reason the range applies. */
export function checkRange(
  ctx: z.RefinementCtx,
  field: string,
  value: number | undefined,
  min: number,
  max: number,
  because: string,
): void {
  if (value !== undefined && (value < min || value > max)) {
    issue(ctx, field, `${field} must be between ${min} and ${max} ${because} (got ${value}).`);
  }
}
