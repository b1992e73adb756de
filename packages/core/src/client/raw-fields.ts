/** Lenient readers for the API's raw JSON, which may lack any field or carry it with an unexpected type. */

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
