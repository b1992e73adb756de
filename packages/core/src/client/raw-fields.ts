/** Lenient readers for the API's raw JSON, which may lack any field or carry it with an unexpected type. */
import { z } from 'zod';

/** A number, or a decimal string such as `"30.00"` (credits and counts come both ways). */
export const decimal = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/)
    .transform(Number),
]);

/** `obj[key]` when `obj` is an object, else `undefined`. */
export function field(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The first of `keys` whose value is a non-empty string. */
export function stringField(obj: unknown, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = field(obj, key);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}
