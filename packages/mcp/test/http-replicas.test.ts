import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, request as upstreamRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { type RunningTripoSimulator, startTripoSimulator } from '@tripokit/testing';
import { hasRedisServer, type RedisServer, startRedisServer } from '@tripokit/testing/redis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const KEY = 'tsk_replicas_test_key_0123456789';

/** Starts the built server with `--http --port 0` and resolves with its URL. */
function startReplica(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '--http', '--port', '0'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once('exit', (code) => reject(new Error(`replica exited (${code}): ${log}`)));
  });
}

function stopReplica(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}

/**
 * A trivial round-robin load balancer that notes which replica served which JSON-RPC call. Only POSTs (the
 * JSON-RPC messages) take turns; the client's optional GET for a server stream, sent whenever it likes, goes to
 * the first replica so that it does not shift the turns.
 */
async function roundRobin(ports: number[]) {
  const served: { replica: number; method: string; tool?: string }[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const replica = req.method === 'POST' ? next++ % ports.length : 0;
      try {
        const message = JSON.parse(body.toString('utf8')) as { method?: string; params?: { name?: string } };
        served.push({ replica, method: message.method ?? '', tool: message.params?.name });
      } catch {
        served.push({ replica, method: req.method ?? '' });
      }
      const port = ports[replica]!;
      const upstream = upstreamRequest(
        {
          host: '127.0.0.1',
          port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: `127.0.0.1:${port}` },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    served,
    /** The replica the next request goes to. */
    nextReplica: () => next % ports.length,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Structured = Record<string, unknown> & { tasks?: { task_id: string }[] };

describe.skipIf(!hasRedisServer())('two HTTP replicas behind a round-robin proxy', () => {
  let redis: RedisServer;
  let sim: RunningTripoSimulator;
  let replicas: ChildProcess[] = [];
  let proxy: Awaited<ReturnType<typeof roundRobin>> | undefined;
  let client: Client | undefined;
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'tripokit-mcp-replicas-'));

  beforeAll(async () => {
    [redis, sim] = await Promise.all([
      startRedisServer({ name: 'mcp' }),
      startTripoSimulator({ apiKey: KEY, speed: 40, linkTtlMs: Number.POSITIVE_INFINITY }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), sim?.close()]);
    rmSync(outDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await client?.close();
    await proxy?.close();
    await Promise.all(replicas.map(stopReplica));
    replicas = [];
  });

  async function setUp(shared: boolean) {
    const env: Record<string, string> = {
      TRIPO_API_KEY: KEY,
      TRIPO_BASE_URL: sim.apiBase,
      TRIPOKIT_OUTPUT_DIR: outDir,
      ...(shared ? { TRIPOKIT_REDIS_URL: redis.url } : {}),
    };
    const started = await Promise.all([startReplica(env), startReplica(env)]);
    replicas = started.map((r) => r.child);
    proxy = await roundRobin(started.map((r) => r.port));
    client = new Client({ name: 'replicas-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(proxy.url)));
  }

  /** Calls a tool on the replica that did not serve `other` (a ping moves the round robin along if needed). */
  async function callOn(replica: number, name: string, args: Record<string, unknown>): Promise<Structured> {
    if (proxy!.nextReplica() !== replica) await client!.ping();
    const result = await client!.callTool({ name, arguments: args });
    const served = proxy!.served.filter((s) => s.tool === name).at(-1)!;
    expect(served.replica).toBe(replica);
    expect(result.isError ?? false).toBe(false);
    return result.structuredContent as Structured;
  }

  it('with TRIPOKIT_REDIS_URL: a task created on one replica is listed, awaited and downloaded on the other', async () => {
    await setUp(true);
    const created = await callOn(0, 'create_3d_model_from_text', { prompt: 'a red lantern' });
    const taskId = created.task_id as string;

    const listed = await callOn(1, 'list_recent_tasks', { started_only: true });
    expect(listed.tasks).toEqual([
      expect.objectContaining({ task_id: taskId, origin: 'started', tool: 'create_3d_model_from_text' }),
    ]);

    const waited = await callOn(1, 'wait_for_task', { task_id: taskId, timeout_seconds: 60 });
    expect(waited).toMatchObject({ task_id: taskId, status: 'success' });
    const downloaded = await callOn(1, 'download_model', { task_id: taskId });

    const onFirst = await callOn(0, 'list_recent_tasks', {});
    expect(onFirst.tasks).toEqual([
      expect.objectContaining({
        task_id: taskId,
        origin: 'started',
        status: 'success',
        downloaded_path: (downloaded as { path?: string }).path ?? expect.any(String),
      }),
    ]);
    expect(sim.sim.tasks).toHaveLength(1);
  }, 60_000);

  it('without it: each replica keeps its own memory, as before', async () => {
    await setUp(false);
    const created = await callOn(0, 'create_3d_model_from_text', { prompt: 'a blue lantern' });
    const listed = await callOn(1, 'list_recent_tasks', {});
    expect(listed.tasks).toEqual([]);
    const onFirst = await callOn(0, 'list_recent_tasks', {});
    expect(onFirst.tasks?.map((t) => t.task_id)).toEqual([created.task_id]);
  }, 60_000);
});
