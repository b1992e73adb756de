import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { type RunningTripoSimulator, startTripoSimulator } from '@tripokit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TripoStdioTransport } from '../src/index.js';
import { KEY } from './harness.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MiB = 1024 * 1024;
/** How long a poll may wait for a stream to deliver: generous, since nothing here is timed. */
const WAIT = { timeout: 20_000 };

type Message = Record<string, unknown> & { id?: unknown; method?: string };

/** Reads newline-delimited JSON from a stream and lets a test wait for a message matching a predicate. */
function messageReader(stream: NodeJS.ReadableStream) {
  const received: Message[] = [];
  const waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
      if (line.trim() === '') continue;
      const message = JSON.parse(line) as Message;
      received.push(message);
      for (const waiter of waiters.splice(0)) {
        if (waiter.match(message)) waiter.resolve(message);
        else waiters.push(waiter);
      }
    }
  });
  return {
    received,
    next(match: (m: Message) => boolean): Promise<Message> {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    response(id: unknown): Promise<Message> {
      return this.next((m) => m.id === id && m.method === undefined);
    },
  };
}

/** A JSON-RPC line of `bytes` bytes or more: `before` and `after` around a long string. */
function bigLine(bytes: number, build: (padding: string) => unknown): Buffer {
  return Buffer.from(`${JSON.stringify(build('x'.repeat(bytes)))}\n`, 'utf8');
}

describe('the tripokit-mcp bin over stdio, fed oversized messages while a paid call is in flight', () => {
  let sim: RunningTripoSimulator;
  let outputDir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the package first.`);
    sim = await startTripoSimulator({ port: 0, speed: 60, apiKey: KEY });
    outputDir = await mkdtemp(path.join(tmpdir(), 'tripokit-mcp-frames-'));
  });
  afterAll(async () => {
    await sim.close();
    await rm(outputDir, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('answers each oversized message with a JSON-RPC error, keeps serving and still delivers the paid result', async () => {
    const child = spawn(process.execPath, [CLI], {
      env: {
        TRIPO_BASE_URL: sim.apiBase,
        TRIPO_API_KEY: KEY,
        TRIPOKIT_OUTPUT_DIR: outputDir,
        TRIPOKIT_WAIT_SECONDS: '300',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const out = messageReader(child.stdout!);
    const write = (data: string | Buffer) =>
      new Promise<void>((resolve, reject) => child.stdin!.write(data, (e) => (e ? reject(e) : resolve())));
    const send = (message: object) => write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);

    await send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    });
    await out.response(1);
    await send({ method: 'notifications/initialized' });
    // "stuck" keeps the task queued until the test lets it finish: the call is in flight throughout.
    await send({
      id: 2,
      method: 'tools/call',
      params: {
        name: 'generate_3d_model',
        arguments: { prompt: 'a stuck windmill' },
        _meta: { progressToken: 'gen' },
      },
    });
    const started = await out.next(
      (m) =>
        m.method === 'notifications/progress' &&
        typeof (m.params as { _meta?: { 'tripokit/progress'?: { taskId?: string } } })._meta?.[
          'tripokit/progress'
        ]?.taskId === 'string',
    );
    const taskId = (started.params as { _meta: { 'tripokit/progress': { taskId: string } } })._meta[
      'tripokit/progress'
    ].taskId;

    // 15 MiB with the id first; 11 MiB with the id after the huge params; 12 MiB of garbage without an id.
    await write(
      bigLine(15 * MiB, (padding) => ({
        jsonrpc: '2.0',
        id: 'big-1',
        method: 'tools/call',
        params: { name: 'estimate_cost', arguments: { padding } },
      })),
    );
    await write(
      bigLine(11 * MiB, (padding) => ({
        jsonrpc: '2.0',
        method: 'tools/call',
        params: { name: 'estimate_cost', arguments: { padding, id: 'not-this-one' } },
        id: 77,
      })),
    );
    await write(`${'{'.repeat(12 * MiB)}\n`);
    await send({ id: 3, method: 'tools/list' });

    const listed = await out.response(3);
    expect((listed.result as { tools: unknown[] }).tools.length).toBeGreaterThan(20);
    for (const id of ['big-1', 77, null]) {
      const answer = await out.response(id);
      expect(answer.error, JSON.stringify(answer)).toMatchObject({ code: -32600 });
      expect((answer.error as { message: string }).message).toMatch(/too large/);
    }

    sim.sim.script({ taskId }, { status: 'success' });
    const paid = await out.response(2);
    const result = paid.result as {
      isError?: boolean;
      structuredContent: { status: string; file: { path: string } };
    };
    expect(result.isError, JSON.stringify(result)).toBeFalsy();
    expect(result.structuredContent.status).toBe('success');
    expect((await stat(result.structuredContent.file.path)).isFile()).toBe(true);
    expect(sim.sim.tasks).toHaveLength(1);

    expect(child.exitCode).toBeNull();
    child.stdin!.end();
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/too large/);
    expect(stderr).not.toContain(KEY);
  }, 60_000);
});

describe('TripoStdioTransport', () => {
  async function open(maxMessageBytes: number) {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const transport = new TripoStdioTransport({ stdin, stdout, maxMessageBytes });
    const delivered: JSONRPCMessage[] = [];
    const errors: string[] = [];
    transport.onmessage = (message) => delivered.push(message);
    transport.onerror = (error) => errors.push(error.message);
    await transport.start();
    const out = messageReader(stdout);
    const feed = (...pieces: string[]) => {
      for (const piece of pieces) stdin.write(piece);
    };
    return { transport, delivered, errors, out, feed, stdin };
  }

  it('reads the id of an oversized message wherever it stands, never from nested objects or strings', async () => {
    const { out, feed, delivered } = await open(64);
    const pad = 'y'.repeat(200);
    feed(
      `{"jsonrpc":"2.0","method":"m","params":{"id":1,"s":"${pad}"},"id":"a,\\"b"}\n`,
      `{"params":{"x":"\\"id\\":5"},"method":"m","id":${'1'.repeat(3)},"more":"${pad}"}\n`,
      `{"jsonrpc":"2.0","method":"notify","params":{"s":"${pad}"}}\n`,
      `["id", 4, "${pad}"]\n`,
    );
    // Split across chunks in awkward places, including inside the key and between \r and \n.
    const split = `{"jsonrpc":"2.0","id": 42 ,"method":"m","p":"${pad}"}\r\n`;
    for (let i = 0; i < split.length; i += 7) feed(split.slice(i, i + 7));
    feed('{"jsonrpc":"2.0","id":9,"method":"ping"}\n');

    expect((await out.response('a,"b')).error).toMatchObject({ code: -32600 });
    expect((await out.response(111)).error).toMatchObject({ code: -32600 });
    expect((await out.response(42)).error).toMatchObject({ code: -32600 });
    await expect.poll(() => out.received.filter((m) => m.id === null).length, WAIT).toBe(2);
    await expect.poll(() => delivered.length, WAIT).toBe(1);
    expect(delivered[0]).toMatchObject({ id: 9, method: 'ping' });
    expect(out.received.some((m) => m.id === 1 || m.id === 5 || m.id === 4)).toBe(false);
  });

  it('answers a line that is not JSON or not JSON-RPC, and only reports an oversized response', async () => {
    const { out, feed, errors, delivered } = await open(64);
    feed('this is not json\n', '{"id":"x1","hello":true}\n', '\n', '  \n');
    feed(`{"jsonrpc":"2.0","id":7,"result":{"s":"${'z'.repeat(100)}"}}\n`);
    feed('{"jsonrpc":"2.0","id":8,"method":"ping"}\n');
    await expect.poll(() => delivered.length, WAIT).toBe(1);
    expect(await out.next((m) => m.id === null)).toMatchObject({ error: { code: -32700 } });
    expect(await out.response('x1')).toMatchObject({ error: { code: -32600 } });
    expect(out.received.some((m) => m.id === 7)).toBe(false);
    expect(errors.some((e) => e.includes('response to request 7'))).toBe(true);
  });

  it('keeps a message of exactly the limit, refuses one byte more, and closes when stdin ends', async () => {
    const { transport, out, feed, delivered, stdin } = await open(60);
    const exact = (id: number, size: number) => {
      const base = `{"jsonrpc":"2.0","id":${id},"method":"ping","params":{"p":""}}`;
      return `${base.replace('"p":""', `"p":"${'q'.repeat(size - base.length)}"`)}\n`;
    };
    feed(exact(1, 60), exact(2, 61));
    expect((await out.response(2)).error).toMatchObject({ code: -32600 });
    expect(delivered).toEqual([expect.objectContaining({ id: 1 })]);
    let closed = false;
    transport.onclose = () => {
      closed = true;
    };
    stdin.end();
    await expect.poll(() => closed, WAIT).toBe(true);
  });
});
