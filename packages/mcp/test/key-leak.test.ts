import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { RecentTasks, TripoClient } from '@tripokit/core';
import {
  everyText,
  KEY_ECHO_CALLS,
  type KeyEchoApi,
  startKeyEchoApi,
  writeKeyEchoInputs,
} from '@tripokit/testing/hostile';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTripoMcpServer } from '../src/index.js';

/** Not shaped like a Tripo key, and given as a ready client's: only core's one scrubber can mask it. */
const KEY = 'Wq7.odd/Key+shape=9f3c~x2';

let api: KeyEchoApi;
let dir: string;
beforeAll(async () => {
  api = await startKeyEchoApi(KEY);
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-mcp-leak-'));
  await writeKeyEchoInputs(dir);
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

it('never lets the key out of a tool: results, error results, progress notifications, logs', async () => {
  const logs: string[] = [];
  const log = (line: string) => void logs.push(line);
  const factory = createTripoMcpServer({
    client: new TripoClient({ apiKey: KEY, baseUrl: api.baseUrl, env: {} }),
    env: {},
    outputDir: dir,
    allowedInputDirs: [dir],
    waitSeconds: 5,
    recentTasks: new RecentTasks(),
    logger: { info: log, warn: log, error: log },
  });
  const client = new Client({ name: 'key-leak', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = factory();
  await server.connect(serverSide);
  await client.connect(clientSide);
  const leaks: string[] = [];
  try {
    for (const [name, args] of KEY_ECHO_CALLS) {
      const progress: unknown[] = [];
      const result = await client
        .callTool({ name, arguments: { ...args } }, { onprogress: (p) => void progress.push(p) })
        .catch((error: unknown) => error);
      if (everyText(result).includes(KEY)) leaks.push(`${name}: result`);
      if (everyText(progress).includes(KEY)) leaks.push(`${name}: progress`);
    }
  } finally {
    await client.close();
    await server.close();
  }
  expect(leaks).toEqual([]);
  expect(logs.filter((line) => line.includes(KEY))).toEqual([]);
  expect(api.fileHostRequests().filter((r) => everyText(r).includes(KEY))).toEqual([]);
});
