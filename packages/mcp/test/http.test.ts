import { request as httpRequest } from 'node:http';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { TripoError } from '@tripokit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createTripoMcpHttpHandler, type RunningHttpServer, serveHttp } from '../src/index.js';
import { callWithProgress, KEY, textOf, useMcpHarness } from './harness.js';

const TOKEN = 'mcp-test-token-3b8f0e2d9c1a';
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

/** A raw POST with full control of the headers (fetch will not send a made-up Host). */
function post(url: string, headers: Record<string, string>, body = INITIALIZE) {
  const target = new URL(url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...headers,
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('Streamable HTTP on loopback', () => {
  const h = useMcpHarness();
  let running: RunningHttpServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  async function connect(url: string, mode: 'legacy' | 'modern', token?: string): Promise<Client> {
    const client = new Client(
      { name: 'http-test', version: '1.0.0' },
      mode === 'modern' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
    );
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
    return client;
  }

  it('serves both eras on 127.0.0.1 with progress and structured results', async () => {
    running = await serveHttp(h.factory, { port: 0 });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    for (const mode of ['legacy', 'modern'] as const) {
      const client = await connect(running.url, mode);
      expect((await client.listTools()).tools.length).toBeGreaterThan(20);
      const { result, progress } = await callWithProgress(client, 'generate_3d_model', {
        prompt: 'a tin robot',
      });
      expect(result.isError, textOf(result)).toBeFalsy();
      expect((result.structuredContent as { status: string }).status).toBe('success');
      expect(progress.length).toBeGreaterThan(2);
      expect(JSON.stringify({ result, progress })).not.toContain(KEY);
      await client.close();
    }
  });

  it('rejects a foreign Host or Origin (DNS rebinding) and answers only on /mcp', async () => {
    running = await serveHttp(h.factory, { port: 0 });
    const port = new URL(running.url).port;
    expect((await post(running.url, {})).status).toBe(200);
    expect((await post(running.url, { host: `evil.example:${port}` })).status).toBe(403);
    expect((await post(running.url, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(running.url, { origin: 'null' })).status).toBe(403);
    expect(
      (await post(running.url, { host: `localhost:${port}`, origin: 'http://localhost:5173' })).status,
    ).toBe(200);
    expect((await post(running.url.replace('/mcp', '/other'), {})).status).toBe(404);
  });

  it('accepts extra hostnames the operator allows', async () => {
    running = await serveHttp(h.factory, { port: 0, allowedHosts: ['studio.local'] });
    const port = new URL(running.url).port;
    expect((await post(running.url, { host: `studio.local:${port}` })).status).toBe(200);
    expect((await post(running.url, { host: `other.local:${port}` })).status).toBe(403);
  });

  it('enforces the bearer token on every request when one is set', async () => {
    running = await serveHttp(h.factory, { port: 0, token: TOKEN });
    const missing = await post(running.url, {});
    expect(missing.status).toBe(401);
    // A static token, not OAuth: no Bearer challenge that would send clients looking for an authorization server.
    expect(missing.headers['www-authenticate']).toBeUndefined();
    expect(missing.body).toContain('Authorization: Bearer');
    expect(missing.body).toContain('not OAuth');
    expect(missing.body).not.toContain(TOKEN);
    expect((await post(running.url, { authorization: 'Bearer wrong-token' })).status).toBe(401);
    expect((await post(running.url, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);

    await expect(connect(running.url, 'legacy')).rejects.toThrow();
    const client = await connect(running.url, 'modern', TOKEN);
    const { result } = await callWithProgress(client, 'get_balance', {});
    expect(result.isError).toBeFalsy();
    await client.close();
  });

  it('refuses to bind anything but loopback without a token, before listening', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const refused = await serveHttp(h.factory, { host, port: 0 }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(TripoError);
      expect((refused as TripoError).code).toBe('config');
      expect((refused as TripoError).suggestion).toContain('TRIPOKIT_MCP_TOKEN');
    }
  });

  it('refuses a blank or short token at start-up, even on loopback', async () => {
    for (const token of ['', '   ', 'short-token', 'fifteen-chars15', ' padded-token-abcdefgh ']) {
      for (const start of [
        () => serveHttp(h.factory, { port: 0, token }),
        async () => createTripoMcpHttpHandler(h.factory, { token }),
      ]) {
        const refused = await start().catch((error: unknown) => error);
        expect(refused, JSON.stringify(token)).toBeInstanceOf(TripoError);
        expect((refused as TripoError).code).toBe('config');
        expect((refused as TripoError).message).toMatch(
          /TRIPOKIT_MCP_TOKEN (is set but blank|is too short|starts or ends)/,
        );
        expect((refused as TripoError).message).not.toContain(token.trim() || 'x'.repeat(99));
      }
    }
    running = await serveHttp(h.factory, { port: 0, token: 'sixteen-chars-16' });
    expect((await post(running.url, { authorization: 'Bearer sixteen-chars-16' })).status).toBe(200);
  });
});
