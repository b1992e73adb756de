import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** Runs the built bin with stdin closed; resolves with its exit code and output once it exits. */
function runCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: 'pipe',
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  child.stdin.end();
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
}

/** Starts the stdio server, waits for its ready line, stops it, and returns what it logged. */
async function startupLog(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [CLI], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  let stderr = '';
  await new Promise<void>((resolve) => {
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      if (stderr.includes('ready on stdio')) resolve();
    });
    child.on('exit', () => resolve());
  });
  child.kill();
  return stderr;
}

describe('tripokit-mcp start-up messages', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tripokit-mcp-startup-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names an unknown option in plain words, without a JS class name, then the usage', async () => {
    const { code, stderr } = await runCli(['--bogus'], {});
    expect(code).toBe(2);
    expect(stderr).toContain("error: Unknown option '--bogus'");
    expect(stderr).not.toMatch(/TypeError|Error:|To specify a positional/);
    expect(stderr).toContain('Usage: tripokit-mcp');
  });

  it('ends --help with a link to the README', async () => {
    const { code, stdout } = await runCli(['--help'], {});
    expect(code).toBe(0);
    expect(stdout.trimEnd()).toMatch(/https:\/\/\S+\/packages\/mcp#readme$/);
  });

  it('says where to set a missing key, and where models go', async () => {
    const out = path.join(dir, 'models');
    const log = await startupLog({ TRIPOKIT_OUTPUT_DIR: out });
    expect(log).toContain('TRIPO_API_KEY is not set');
    expect(log).toContain("MCP client's config");
    expect(log).not.toMatch(/TripoClient|apiKey/);
    expect(log).toContain(`Models are saved in ${out}.`);
  });

  it('warns at start-up when the output folder cannot be written', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const log = await startupLog({
      TRIPO_API_KEY: 'tsk_startup_test',
      TRIPOKIT_OUTPUT_DIR: path.join(file, 'models'),
    });
    expect(log).toContain(
      `Models cannot be saved in ${path.join(file, 'models')} (${file} is a file, not a folder)`,
    );
    expect(log).toContain('Set TRIPOKIT_OUTPUT_DIR');
    expect(log).not.toContain('TRIPO_API_KEY is not set');
  });
});
