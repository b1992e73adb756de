import { readFileSync } from 'node:fs';
import { createTripoToolkit, TRIPO_BASE_URLS, type TripoToolkitOptions } from '@tripokit/core';

/**
 * The tools' advertised JSON Schemas, derived when the bin is built instead of at every start (deriving them
 * took about a tenth of a cold start). The build runs the bundle's own derivation (`tool.inputJsonSchema` and
 * `tool.outputJsonSchema` of core's toolkit) for each context below and writes `cli-main.schemas.json` next
 * to the bundle, stamped with the bundle's content hash: a file of another build is never read.
 *
 * At run time a tool takes a precomputed schema only when its zod schema is the very object the build derived
 * it from (the same definition of the same bundle): derivation is a function of that object alone. Anything
 * else (a definition made at run time, a context the build did not cover) is derived as before.
 */
export interface SchemaStore {
  /** The content hash of the bundle that wrote the file (`cli-main.cjs.hash`). */
  bundle: string;
  /** Per context (the environment the toolkit was made with), each tool's input and output schema indexes. */
  contexts: { env: Record<string, string>; tools: Record<string, [input: number, output: number]> }[];
  /** Each distinct schema once. */
  schemas: Record<string, unknown>[];
}

/** The precomputed JSON Schema of a zod schema, when the build derived one from it (the toolkit's option). */
export type SchemaLookup = NonNullable<TripoToolkitOptions['precomputedJsonSchemas']>;

/**
 * The environments the build derives schemas in: one per API dialect (the definitions may differ by dialect; the
 * default is one of them). Tool selection (`TRIPOKIT_TOOLS`) only picks among the same definitions, so `all`
 * covers it.
 */
export function schemaContexts(): Record<string, string>[] {
  return Object.keys(TRIPO_BASE_URLS).map((version) => ({ TRIPO_API_VERSION: version }));
}

const toolkitIn = (env: Record<string, string>) => createTripoToolkit({ env, tools: 'all' });

/** Build time: derives every tool's schemas in each context, as the server would at run time. */
export function deriveSchemaStore(bundle: string): SchemaStore {
  const schemas: Record<string, unknown>[] = [];
  const indexes = new Map<string, number>();
  const indexOf = (schema: Record<string, unknown>): number => {
    const key = JSON.stringify(schema);
    let index = indexes.get(key);
    if (index === undefined) {
      index = schemas.push(schema) - 1;
      indexes.set(key, index);
    }
    return index;
  };
  const contexts = schemaContexts().map((env) => ({
    env,
    tools: Object.fromEntries(
      toolkitIn(env).tools.map((tool) => [
        tool.name,
        [indexOf(tool.inputJsonSchema), indexOf(tool.outputJsonSchema)] as [number, number],
      ]),
    ),
  }));
  return { bundle, contexts, schemas };
}

/**
 * Run time: the lookup of the store in `file`, or `undefined` when there is none, it is unreadable, or another
 * build wrote it (`bundle` is the running bundle's content hash).
 */
export function loadSchemaStore(file: string, bundle: string): SchemaLookup | undefined {
  let store: SchemaStore;
  try {
    store = JSON.parse(readFileSync(file, 'utf8')) as SchemaStore;
  } catch {
    return undefined;
  }
  if (store.bundle !== bundle) return undefined;
  return schemaLookup(store);
}

/**
 * Maps each zod schema the build derived from (found again through the same contexts) to its JSON Schema. The
 * contexts are visited in order, each only when a schema was not found in the ones before: a start on the first
 * dialect makes no toolkit of another (whose definitions core builds on first use).
 */
export function schemaLookup(store: SchemaStore): SchemaLookup {
  const inputs = new Map<unknown, Record<string, unknown>>();
  const outputs = new Map<unknown, Record<string, unknown>>();
  let visited = 0;
  const visitNext = (): boolean => {
    const context = store.contexts[visited];
    if (context === undefined) return false;
    visited++;
    for (const tool of toolkitIn(context.env).tools) {
      const [input, output] = context.tools[tool.name] ?? [];
      const inputSchema = input === undefined ? undefined : store.schemas[input];
      const outputSchema = output === undefined ? undefined : store.schemas[output];
      if (inputSchema !== undefined) inputs.set(tool.input, inputSchema);
      if (outputSchema !== undefined) outputs.set(tool.output, outputSchema);
    }
    return true;
  };
  return (schema, io) => {
    const derived = io === 'input' ? inputs : outputs;
    do {
      const json = derived.get(schema);
      if (json) return json;
    } while (visitNext());
    return undefined;
  };
}
