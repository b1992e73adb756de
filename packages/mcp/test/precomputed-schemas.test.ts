import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTripoToolkit, TOOL_PRESETS, type ToolkitTool } from '@tripokit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  deriveSchemaStore,
  loadSchemaStore,
  type SchemaStore,
  schemaContexts,
  schemaLookup,
} from '../src/precomputed-schemas.js';
import { createTripoMcpServer } from '../src/server.js';
import { connectClient } from './harness.js';
import { listToolsOverStdio } from './stdio-list-tools.js';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../package.json', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-mcp-schemas-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const readStore = async (file = path.join(DIST, 'cli-main.schemas.json')): Promise<SchemaStore> =>
  JSON.parse(await readFile(file, 'utf8')) as SchemaStore;

describe('the JSON Schemas the build precomputed for the bin (dist/cli-main.schemas.json)', () => {
  it('belong to the bundle next to them and cover every API dialect', async () => {
    const store = await readStore();
    expect(store.bundle).toBe((await readFile(path.join(DIST, 'cli-main.cjs.hash'), 'utf8')).trim());
    expect(store.contexts.map((c) => c.env)).toEqual(schemaContexts());
    expect(schemaContexts()).toEqual([{ TRIPO_API_VERSION: 'v3' }, { TRIPO_API_VERSION: 'v2' }]);
  });

  // The bundle derived them; core derives them live here: the same tools, the same schemas, byte for byte.
  it('equal the live derivation of every tool, in every context and preset', async () => {
    const store = await readStore();
    for (const { env, tools } of store.contexts) {
      for (const preset of TOOL_PRESETS) {
        const kit = createTripoToolkit({ env, tools: preset });
        expect(kit.tools.length).toBeGreaterThan(0);
        for (const tool of kit.tools) {
          const [input, output] = tools[tool.name] ?? [];
          const where = `${JSON.stringify(env)} ${preset} ${tool.name}`;
          expect(store.schemas[input ?? -1], where).toEqual(tool.inputJsonSchema);
          expect(store.schemas[output ?? -1], where).toEqual(tool.outputJsonSchema);
        }
      }
      expect(Object.keys(tools)).toEqual(createTripoToolkit({ env, tools: 'all' }).tools.map((t) => t.name));
    }
  });
});

describe('schemaLookup', () => {
  const store = deriveSchemaStore('0123456789abcdef');
  const lookup = schemaLookup(store);
  const kit = createTripoToolkit({ tools: 'all' });
  const schemasOf = (tool: ToolkitTool, from = lookup) => {
    const input = from(tool.input, 'input');
    const output = from(tool.output, 'output');
    return input && output ? { input, output } : undefined;
  };

  it("gives each toolkit tool the schemas derived from its own definition, in every dialect's toolkit", () => {
    for (const env of schemaContexts()) {
      for (const tool of createTripoToolkit({ env, tools: 'all' }).tools) {
        expect(schemasOf(tool), tool.name).toEqual({
          input: tool.inputJsonSchema,
          output: tool.outputJsonSchema,
        });
      }
    }
  });

  it('gives nothing for a definition the build did not derive from, even under a catalogue name', () => {
    const original = kit.tools[0] as ToolkitTool;
    const lookalike = createTripoToolkit({ tools: 'all' }).tools[0] as ToolkitTool;
    expect(schemasOf(lookalike)).toBeDefined(); // same definition, another toolkit: still the same zod objects
    const newInput = { ...original, input: z.object({ prompt: z.string() }) } as ToolkitTool;
    expect(schemasOf(newInput)).toBeUndefined();
    const newOutput = { ...original, output: z.object({ task_id: z.string() }) } as ToolkitTool;
    expect(schemasOf(newOutput)).toBeUndefined();
  });

  it('makes the toolkit of a later context only for a tool the earlier ones do not hold', () => {
    // A second context that cannot even be made (no such dialect): looking up the first one's tools never tries.
    const [first] = store.contexts;
    const lazy = schemaLookup({
      ...store,
      contexts: [first!, { env: { TRIPO_API_VERSION: 'v9' }, tools: {} }],
    });
    for (const tool of createTripoToolkit({ env: first!.env, tools: 'all' }).tools)
      expect(schemasOf(tool, lazy), tool.name).toBeDefined();
    const stranger = { ...kit.tools[0], input: z.object({}) } as ToolkitTool;
    expect(() => schemasOf(stranger, lazy)).toThrow(/TRIPO_API_VERSION/);
  });

  it('is not made from a file of another build, a missing file or a broken one', async () => {
    const file = path.join(dir, 'store.json');
    await writeFile(file, JSON.stringify(store));
    expect(loadSchemaStore(file, '0123456789abcdef')).toBeTypeOf('function');
    expect(loadSchemaStore(file, 'fedcba9876543210')).toBeUndefined();
    expect(loadSchemaStore(path.join(dir, 'missing.json'), '0123456789abcdef')).toBeUndefined();
    await writeFile(file, JSON.stringify(store).slice(0, 100));
    expect(loadSchemaStore(file, '0123456789abcdef')).toBeUndefined();
  });
});

/** Starts a bin, lists its tools, ends it; gives the `tools/list` result and what NODE_DEBUG=tripokit printed. */
async function listedBy(cli: string, env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [cli], {
    env: {
      PATH: process.env.PATH,
      TRIPO_API_KEY: 'tsk_schemas_test',
      TRIPOKIT_OUTPUT_DIR: path.join(dir, 'models'),
      NODE_DEBUG: 'tripokit',
      ...env,
    },
    stdio: 'pipe',
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const result = await listToolsOverStdio(child, () => stderr);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin.end();
  await exited;
  return { result, precomputed: /precomputed schemas for (\d+) of (\d+) tools/.exec(stderr)?.slice(1) };
}

describe('a server built with precomputed JSON Schemas', () => {
  it('advertises the schemas the lookup gives, and derives those it gives none for', async () => {
    const derived = createTripoToolkit({ tools: 'core' });
    // Every zod schema gets a marked JSON Schema, except get_task_status's input (which tools may share).
    const skipped = derived.tools.find((tool) => tool.name === 'get_task_status')?.input;
    const expectedFor = (tool: ToolkitTool, io: 'input' | 'output') => {
      const json = io === 'input' ? tool.inputJsonSchema : tool.outputJsonSchema;
      return tool[io] === skipped ? json : { ...json, description: `precomputed ${io}` };
    };
    const precomputedJsonSchemas = (schema: unknown, io: 'input' | 'output') => {
      const tool = derived.tools.find((candidate) => candidate[io] === schema);
      return tool && schema !== skipped ? expectedFor(tool, io) : undefined;
    };
    const connection = await connectClient(
      createTripoMcpServer({
        tools: 'core',
        outputDir: path.join(dir, 'models'),
        apps: false,
        precomputedJsonSchemas,
      }),
      'legacy',
    );
    try {
      const { tools } = await connection.client.listTools();
      expect(tools.map((t) => t.name)).toEqual(derived.tools.map((t) => t.name));
      const status = tools.find((t) => t.name === 'get_task_status');
      expect(status?.inputSchema).not.toHaveProperty('description', 'precomputed input');
      for (const tool of derived.tools) {
        const listed = tools.find((t) => t.name === tool.name);
        expect(listed?.inputSchema, tool.name).toEqual(expectedFor(tool, 'input'));
        expect(listed?.outputSchema, tool.name).toEqual(expectedFor(tool, 'output'));
        expect(listed?.outputSchema, tool.name).toMatchObject({ description: 'precomputed output' });
      }
    } finally {
      await connection.close();
    }
  });
});

describe('the tripokit-mcp bin', () => {
  it('lists the same tools with the precomputed schemas as when it derives them (stale file), in each dialect', async () => {
    // A copy of the bin whose schema file claims another build: it must derive instead.
    const stale = path.join(dir, 'stale');
    await cp(DIST, path.join(stale, 'dist'), { recursive: true });
    await cp(PACKAGE, path.join(stale, 'package.json'));
    const file = path.join(stale, 'dist', 'cli-main.schemas.json');
    await writeFile(file, JSON.stringify({ ...(await readStore(file)), bundle: 'ffffffffffffffff' }));

    const envs: Record<string, string>[] = [
      {},
      { TRIPO_API_VERSION: 'v2' },
      { TRIPO_API_VERSION: 'v3', TRIPOKIT_TOOLS: 'core' },
    ];
    for (const env of envs) {
      const fast = await listedBy(path.join(DIST, 'cli.js'), env);
      const slow = await listedBy(path.join(stale, 'dist', 'cli.js'), env);
      const count = String(fast.result.tools.length);
      expect(fast.precomputed, JSON.stringify(env)).toEqual([count, count]);
      expect(slow.precomputed, JSON.stringify(env)).toEqual(['0', count]);
      expect(fast.result).toEqual(slow.result);
    }
  });
});
