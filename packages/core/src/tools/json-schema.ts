import { z } from 'zod';

/** JSON Schema as a host advertises it (`tools/list`, AI SDK, LangChain). */
export type JsonSchemaObject = Record<string, unknown>;

const details = new WeakSet<object>();
const DETAIL_MARK = 'x-tripokit-detail';

/**
 * Marks a field as a detail, left out of the advertised JSON Schema while zod still checks it and TypeScript
 * sees it. On an output: results carry it, but the schema describes what an agent reads (and stays open to
 * more). On an input: an advanced option a call may still pass by name (advertised inputs stay open to more),
 * which keeps the listing short. The field's own schema is returned.
 */
export function detail<T extends z.ZodType>(schema: T): T {
  details.add(schema);
  return schema;
}

/** `shape` with the fields named in `keys` made details (copies: the original schemas stay as they are). */
export function withDetails<S extends z.ZodRawShape, K extends keyof S & string>(
  shape: S,
  keys: readonly K[],
): S {
  const out = { ...shape } as unknown as Record<string, z.ZodType>;
  for (const key of keys) out[key] = detail((shape[key] as z.ZodType).clone());
  return out as unknown as S;
}

// zod writes `z.int()`'s safe-integer range out in full: noise for a model.
const SAFE_INTEGER_BOUNDS = { minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER };

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * String limits a model does not need to write a valid call: `kit.call` still checks them and names the field
 * when one is broken. A pattern stays where it tells apart the members of an `anyOf`.
 */
const STRING_LIMITS = ['minLength', 'maxLength'] as const;

/** Bounds of a result's numbers: an agent reads the value, it never has to produce one. */
const NUMBER_BOUNDS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'] as const;

/** Trims one schema node in place, then its children. */
function trim(node: unknown, io: 'input' | 'output', inAnyOf = false): void {
  if (Array.isArray(node)) {
    for (const item of node) trim(item, io, inAnyOf);
    return;
  }
  if (!isObject(node)) return;
  for (const [key, bound] of Object.entries(SAFE_INTEGER_BOUNDS)) if (node[key] === bound) delete node[key];
  for (const key of STRING_LIMITS) delete node[key];
  if (!inAnyOf) delete node.pattern;
  if (io === 'output') for (const key of NUMBER_BOUNDS) delete node[key];
  // Advertised objects stay open (JSON Schema's default): results may carry more than the advertised fields,
  // and calls may pass details. zod still refuses an unknown input field, naming it. (An open object's `{}`
  // would also be an empty schema, which strict checkers flag.)
  const extra = node.additionalProperties;
  if (extra === false || (isObject(extra) && Object.keys(extra).length === 0))
    delete node.additionalProperties;
  if (isObject(node.properties)) {
    const properties = node.properties;
    const hidden = Object.keys(properties).filter((key) => {
      const property = properties[key];
      return isObject(property) && property[DETAIL_MARK] === true;
    });
    for (const key of hidden) delete properties[key];
    if (Array.isArray(node.required)) {
      node.required = node.required.filter((key) => !hidden.includes(key));
      if ((node.required as unknown[]).length === 0) delete node.required;
    }
  }
  for (const [key, value] of Object.entries(node)) trim(value, io, key === 'anyOf');
}

/** Every `$ref` node below `node`. */
function* refs(node: unknown): Generator<JsonSchemaObject> {
  if (Array.isArray(node)) for (const item of node) yield* refs(item);
  else if (isObject(node)) {
    if (typeof node.$ref === 'string') yield node;
    for (const value of Object.values(node)) yield* refs(value);
  }
}

/**
 * A `$defs` entry pays off only when it is used more than once: one used once (or, once details are gone,
 * not at all) is written in place of its `$ref`.
 */
function inlineSingleUseDefs(schema: JsonSchemaObject): void {
  const defs = schema.$defs;
  if (!isObject(defs)) return;
  const uses = new Map<string, JsonSchemaObject[]>();
  for (const ref of refs(schema)) {
    const name = /^#\/\$defs\/(.+)$/.exec(ref.$ref as string)?.[1];
    if (name !== undefined) uses.set(name, [...(uses.get(name) ?? []), ref]);
  }
  for (const name of Object.keys(defs)) {
    const at = uses.get(name) ?? [];
    if (at.length > 1 || JSON.stringify(defs[name]).includes(`"#/$defs/${name}"`)) continue;
    const [ref] = at;
    if (ref !== undefined) {
      const { $ref: _ref, ...rest } = ref;
      delete ref.$ref;
      Object.assign(ref, defs[name], rest);
    }
    delete defs[name];
  }
  if (Object.keys(defs).length === 0) delete schema.$defs;
}

/**
 * The JSON Schema a host advertises for a tool's zod schema: derived from it (zod stays the one source), with
 * shared sub-schemas (those given a `meta({ id })`) under `$defs`, detail fields (see {@link detail}) left out,
 * and no `$schema` keyword (it turns output validation off in older MCP clients).
 */
export function advertisedJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchemaObject {
  const json = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      if (details.has(ctx.zodSchema)) ctx.jsonSchema[DETAIL_MARK] = true;
    },
  }) as JsonSchemaObject;
  delete json.$schema;
  trim(json, io);
  inlineSingleUseDefs(json);
  // A plain copy: zod's result also carries a hidden `~standard` link back to the zod schema, from which some
  // frameworks (LangChain) would derive the untrimmed schema again.
  return JSON.parse(JSON.stringify(json)) as JsonSchemaObject;
}
