import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.resolve(here, '../dist-server/server/main.js');

/** The environment without any key, so the demo starts offline whatever the machine has set. */
function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'TRIPO_API_KEY', 'PORT']) delete env[key];
  return { ...env, ...extra };
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGTERM');
});

/** Starts the built server and resolves with the URL it prints. */
function start(args: string[], env: NodeJS.ProcessEnv): Promise<{ url: string; output: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ url: match[1], output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
}

describe.skipIf(!existsSync(MAIN) && !process.env.CI)('the built demo server (main command)', () => {
  it('starts offline on loopback, prints its URL and serves the page and its mode', async () => {
    const { url, output } = await start(['--port', '0'], offlineEnv());
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain('Scripted agent');
    expect(output).toContain('Tripo simulator');

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const info = (await (await fetch(`${url}/api/info`)).json()) as {
      agent: { kind: string };
      tripo: { kind: string };
    };
    expect([info.agent.kind, info.tripo.kind]).toEqual(['scripted', 'simulator']);
  });

  it('takes its port from PORT', async () => {
    const port = String(40_000 + Math.floor(Math.random() * 20_000));
    const { url } = await start([], offlineEnv({ PORT: port }));
    expect(url).toBe(`http://127.0.0.1:${port}`);
  });

  it('refuses a bad port with the usage', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', 'abc'], {
      env: offlineEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--port must be a port number');
    expect(err).toContain('Usage:');
  });
});
