import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type InstalledSimulator, startInstalledSimulator } from '../src/sim.js';
import { programOf } from '../src/snippet-files.js';
import type { Snippet } from '../src/snippets.js';

const { projects, snippets, scratch } = inject('consumer');
const KEY = 'tsk_consumer_test';
const configs = snippets.filter((s) => s.mode === 'mcp-config');
const servers = snippets.filter((s) => s.mode === 'mcp-stdio');

interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
  /** The snippet starts processes of its own (a background simulator): stop its whole process group. */
  group?: boolean;
}

/** A client config's server entry, with its placeholders (key, home folders) made real. */
function launchFromConfig(snippet: Snippet, home: string): Launch {
  const config = JSON.parse(snippet.code);
  const entry = (config.mcpServers ?? config.servers).tripokit;
  const env = Object.fromEntries(
    Object.entries<string>(entry.env ?? {}).map(([k, v]) => [
      k,
      v === 'tsk_…' || v.startsWith('${input:') ? KEY : v.replace(/^\/Users\/you/, home),
    ]),
  );
  return { command: entry.command, args: entry.args, env };
}

/** Connects a real MCP client to a launched server; returns the client and how to stop everything. */
async function connect(launch: Launch, cwd: string, extraEnv: Record<string, string>) {
  const transport = new StdioClientTransport({
    command: launch.group ? 'setsid' : launch.command,
    args: launch.group ? [launch.command, ...launch.args] : launch.args,
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...extraEnv, ...launch.env },
    cwd,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'tripokit-consumer-test', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  return {
    client,
    stderr: () => stderr,
    async close() {
      await client.close();
      if (launch.group && pid !== null) {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {}
      }
    },
  };
}

async function getBalanceEventually(client: Client): Promise<unknown> {
  // A snippet that starts its simulator in the background may answer before the simulator listens.
  for (let attempt = 0; ; attempt++) {
    const result = await client.callTool({ name: 'get_balance', arguments: {} });
    if (!result.isError || attempt === 20) return result;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.each(['npm-newest', 'pnpm-newest', 'npm-mcp-only'])('MCP from the %s install', (variant) => {
  const dir = projects[variant]!;
  let sim: InstalledSimulator;
  beforeAll(async () => {
    sim = await startInstalledSimulator(projects['npm-newest']!);
  });
  afterAll(() => sim?.stop());

  it.each(configs)(
    'a client started by the $id config (README line $line) lists the tools and saves a model',
    async (snippet) => {
      const home = mkdtempSync(join(dir, 'home-'));
      const launch = launchFromConfig(snippet, home);
      const server = await connect(launch, dir, { TRIPO_BASE_URL: sim.apiBase });
      try {
        const { tools } = await server.client.listTools();
        expect(tools.map((t) => t.name)).toContain('generate_3d_model');
        const result = await server.client.callTool({
          name: 'generate_3d_model',
          arguments: { prompt: 'a small red fox' },
        });
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
        const path = (result.structuredContent as { file: { path: string } }).file.path;
        expect(existsSync(path)).toBe(true);
        const outputDir = launch.env.TRIPOKIT_OUTPUT_DIR;
        if (outputDir !== undefined) expect(path.startsWith(outputDir)).toBe(true);
        else expect(path.startsWith(join(dir, 'tripo-models'))).toBe(true);
      } finally {
        await server.close();
      }
    },
  );

  const own = variant === 'npm-mcp-only' ? servers.filter((s) => s.lang === 'sh') : servers;
  it.each(own)('the $id server (README line $line) answers a real MCP client', async (snippet) => {
    const cwd = mkdtempSync(join(dir, 'run-'));
    const launch: Launch =
      snippet.lang === 'sh'
        ? { command: 'bash', args: ['-c', snippet.code], env: {}, group: true }
        : { command: process.execPath, args: [join(dir, programOf(snippet))], env: {} };
    // The simulator block binds a fixed port: run it from one install only.
    if (snippet.code.includes('--port 8765') && variant !== 'npm-newest') return;
    const server = await connect(launch, cwd, { TRIPO_BASE_URL: sim.apiBase, TRIPO_API_KEY: KEY });
    try {
      const { tools } = await server.client.listTools();
      expect(tools.length, server.stderr()).toBeGreaterThan(3);
      if (snippet.code.includes('tsk_…')) return; // the placeholder key cannot call anything
      if (tools.some((t) => t.name === 'get_balance')) {
        const balance = await getBalanceEventually(server.client);
        expect((balance as { isError?: boolean }).isError, JSON.stringify(balance)).toBeFalsy();
      } else {
        const args = { prompt: 'a small red fox' };
        const result = await server.client.callTool({ name: 'generate_3d_model', arguments: args });
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      }
    } finally {
      await server.close();
    }
  });
});

it('records the install footprint of @tripokit/mcp alone', () => {
  const dir = projects['npm-mcp-only']!;
  const kib = Number(
    execFileSync('du', ['-sk', join(dir, 'node_modules')], { encoding: 'utf8' }).split('\t')[0],
  );
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const packages = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/')).length;
  const footprint = { packages, megabytes: Math.round(kib / 102.4) / 10 };
  writeFileSync(join(scratch, 'mcp-footprint.json'), JSON.stringify(footprint));
  console.log(`@tripokit/mcp installs ${packages} packages, ${footprint.megabytes} MB on disk`);
  expect(isAbsolute(dir)).toBe(true);
  expect(packages).toBeGreaterThan(1);
});
