import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

function launch(args: string[]): Promise<string[]> {
  child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  return new Promise((resolve, reject) => {
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === 5) resolve(lines);
    });
    child!.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
}

describe('tripo-sim CLI', () => {
  it('prints its base URL first, then how to point a client at it, and serves requests', async () => {
    const lines = await launch(['--port', '0', '--speed', '50', '--api-version', 'v2']);
    const url = lines[0]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines.join('\n')).toContain(`TRIPO_BASE_URL=${url}/v2/openapi TRIPO_API_KEY=tsk_test`);
    const res = await fetch(`${url}/v2/openapi/user/balance`, {
      headers: { authorization: 'Bearer tsk_test' },
    });
    expect(await res.json()).toEqual({ code: 0, data: { balance: 3000, frozen: 0 } });
  });

  it('logs each request with --log: method, path, status, and whether auth was sent, never the key', async () => {
    const lines = await launch(['--port', '0', '--log']);
    const url = lines[0]!;
    const logged: string[] = [];
    createInterface({ input: child!.stderr! }).on('line', (line) => logged.push(line));
    await fetch(`${url}/v3/account/balance`, { headers: { authorization: 'Bearer tsk_secret_log_key' } });
    await fetch(`${url}/v2/openapi/user/balance`);
    for (let waited = 0; logged.length < 2 && waited < 5000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(logged).toEqual([
      'GET /v3/account/balance -> 200',
      'GET /v2/openapi/user/balance -> 401 (no auth)',
    ]);
  });

  it('--strict-v3 refuses a 3D generation without a model version (400/1004), as the strictest sources do', async () => {
    const lines = await launch(['--port', '0', '--strict-v3']);
    const url = lines[0]!;
    expect(lines[1]).toContain('(strict v3)');
    const create = (body: Record<string, unknown>) =>
      fetch(`${url}/v3/generation/text-to-model`, {
        method: 'POST',
        headers: { authorization: 'Bearer tsk_test', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const missing = await create({ prompt: 'a fox' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).code).toBe(1004);
    expect((await create({ prompt: 'a fox', model: 'v3.1-20260211' })).status).toBe(200);
  });

  it('pins a key with --key and rejects bad arguments with exit code 2', async () => {
    const lines = await launch(['--port', '0', '--key', 'tsk_only_this']);
    const url = lines[0]!;
    const ok = await fetch(`${url}/v3/account/balance`, {
      headers: { authorization: 'Bearer tsk_only_this' },
    });
    const other = await fetch(`${url}/v3/account/balance`, {
      headers: { authorization: 'Bearer tsk_other' },
    });
    expect([ok.status, other.status]).toEqual([200, 401]);
    expect(lines.join('\n')).not.toContain('tsk_only_this');
    child?.kill('SIGTERM');
    const bad = spawn(process.execPath, [CLI, '--speed', 'fast'], { stdio: 'ignore' });
    const code = await new Promise((resolve) => bad.on('exit', resolve));
    expect(code).toBe(2);
  });
});
