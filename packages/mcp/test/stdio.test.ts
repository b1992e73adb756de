import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CallToolResult, Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createTripoToolkit } from '@tripokit/core';
import { type RunningTripoSimulator, startTripoSimulator } from '@tripokit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEY, type ReceivedProgress, textOf } from './harness.js';
import { tapProgress } from './wire-progress.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TOKEN = 'cli-test-token-51f0c9a27e';
/** An allow-list of a preset and a name; the server must list exactly what core selects for it. */
const ALLOWED_TOOLS = 'core,get_balance';

describe('the tripokit-mcp bin', () => {
  let sim: RunningTripoSimulator;
  let outputDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI))
      throw new Error(`${CLI} is missing: build the package first (turbo's test depends on build).`);
    // 60× speed: a one-minute generation takes about a second of real time.
    sim = await startTripoSimulator({ port: 0, speed: 60, apiKey: KEY });
    outputDir = await mkdtemp(path.join(tmpdir(), 'tripokit-mcp-cli-'));
  });
  afterAll(async () => {
    await sim.close();
    await rm(outputDir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  function env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      TRIPO_BASE_URL: sim.apiBase,
      TRIPO_API_KEY: KEY,
      TRIPOKIT_OUTPUT_DIR: outputDir,
      TRIPOKIT_WAIT_SECONDS: '120',
      ...extra,
    };
  }

  function run(args: string[], extraEnv: Record<string, string> = {}) {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: env(extraEnv),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, exited, stderr: () => stderr };
  }

  it.each(['legacy', 'auto'] as const)(
    'serves the tools over stdio (%s negotiation) with progress, never showing the key',
    async (mode) => {
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [CLI],
        env: env(),
        stderr: 'pipe',
      });
      let stderr = '';
      transport.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      const client = new Client({ name: 'stdio-test', version: '1.0.0' }, { versionNegotiation: { mode } });
      await client.connect(transport);
      try {
        expect((await client.listTools()).tools.length).toBeGreaterThan(20);
        const progress: ReceivedProgress[] = [];
        const release = tapProgress(transport).expect((p) => progress.push(p));
        const result = (await client.callTool(
          { name: 'generate_3d_model', arguments: { prompt: 'a clay teapot' } },
          // The notifications are read off the wire: a loaded machine can deliver the last ones with the result.
          { onprogress: () => {}, resetTimeoutOnProgress: true },
        )) as CallToolResult;
        release();
        expect(result.isError, textOf(result)).toBeFalsy();
        const file = (result.structuredContent as { file: { path: string } }).file;
        expect((await stat(file.path)).isFile()).toBe(true);
        expect(path.dirname(file.path)).toBe(outputDir);
        expect(result.content.some((item) => item.type === 'resource_link')).toBe(true);
        const values = progress.map((p) => p.progress);
        expect(values.length).toBeGreaterThan(2);
        expect(values).toEqual([...values].sort((a, b) => a - b));

        const failed = (await client.callTool({
          name: 'get_task_status',
          arguments: { task_id: 'no-such-task' },
        })) as CallToolResult;
        expect(failed.isError).toBe(true);
        expect(JSON.stringify({ result, progress, failed })).not.toContain(KEY);
      } finally {
        await client.close();
      }
      expect(stderr).toContain('ready on stdio');
      expect(stderr).toContain('get_task_status failed');
      expect(stderr).not.toContain(KEY);
    },
  );

  it('refuses --http on a non-loopback address without TRIPOKIT_MCP_TOKEN', async () => {
    const { exited, stderr } = run(['--http', '--host', '0.0.0.0', '--port', '0']);
    expect(await exited).toBe(1);
    expect(stderr()).toContain('TRIPOKIT_MCP_TOKEN');
    expect(stderr()).not.toContain(KEY);
  });

  it('refuses --http with a blank or short TRIPOKIT_MCP_TOKEN, with a clear start-up error', async () => {
    for (const token of ['', 'abc123']) {
      const { exited, stderr } = run(['--http', '--port', '0'], { TRIPOKIT_MCP_TOKEN: token });
      expect(await exited).toBe(1);
      expect(stderr()).toMatch(/TRIPOKIT_MCP_TOKEN (is set but blank|is too short)/);
      expect(stderr()).not.toContain('listening');
    }
  });

  it('stops at startup on a bad argument or an unknown tool name', async () => {
    const badArg = run(['--port', 'eighty']);
    expect(await badArg.exited).toBe(2);
    expect(badArg.stderr()).toContain('--port');
    const badTool = run([], { TRIPOKIT_TOOLS: 'core,make_coffee' });
    expect(await badTool.exited).toBe(1);
    expect(badTool.stderr()).toContain('make_coffee');
    expect(badTool.stderr() + badArg.stderr()).not.toContain(KEY);
  });

  it('serves --http on loopback, enforcing the token, and stops on SIGTERM', async () => {
    const { child, exited, stderr } = run(['--http', '--port', '0'], {
      TRIPOKIT_MCP_TOKEN: TOKEN,
      TRIPOKIT_TOOLS: ALLOWED_TOOLS,
    });
    let url: string | undefined;
    for (let i = 0; i < 200 && url === undefined; i++) {
      url = /listening on (http:\/\/\S+\/mcp)/.exec(stderr())?.[1];
      if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(url, stderr()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);

    const unauthenticated = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unauthenticated.status).toBe(401);
    const client = new Client(
      { name: 'cli-http', version: '1.0.0' },
      { versionNegotiation: { mode: 'auto' } },
    );
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url!), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(
      createTripoToolkit({ env: {}, tools: ALLOWED_TOOLS }).tools.map((tool) => tool.name),
    );
    const balance = (await client.callTool({ name: 'get_balance', arguments: {} })) as CallToolResult;
    expect(balance.isError, textOf(balance)).toBeFalsy();
    await client.close();

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).not.toContain(KEY);
    expect(stderr()).not.toContain(TOKEN);
  });
});
