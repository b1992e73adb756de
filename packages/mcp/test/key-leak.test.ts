import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { RecentTasks, TripoClient } from '@tripokit/core';
import { findKeyLeaks, type KeyEchoWorld, startKeyEchoWorld } from '@tripokit/testing/hostile';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTripoMcpServer } from '../src/index.js';

let world: KeyEchoWorld;
beforeAll(async () => {
  world = await startKeyEchoWorld();
});
afterAll(() => world.close());

it('never lets the key out of a tool: results, error results, progress notifications, logs', async () => {
  const logs: string[] = [];
  const log = (line: string) => void logs.push(line);
  const factory = createTripoMcpServer({
    client: new TripoClient({ apiKey: world.key, baseUrl: world.api.baseUrl, env: {} }),
    env: {},
    outputDir: world.dir,
    allowedInputDirs: [world.dir],
    waitSeconds: 5,
    recentTasks: new RecentTasks(),
    logger: { info: log, warn: log, error: log },
  });
  const client = new Client({ name: 'key-leak', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = factory();
  await server.connect(serverSide);
  await client.connect(clientSide);
  try {
    const leaks = await findKeyLeaks(world, async (name, args) => {
      const progress: unknown[] = [];
      const result = await client
        .callTool({ name, arguments: args }, { onprogress: (p) => void progress.push(p) })
        .catch((error: unknown) => error);
      return { result, progress };
    });
    expect(leaks).toEqual([]);
    expect(logs.filter((line) => line.includes(world.key))).toEqual([]);
  } finally {
    await client.close();
    await server.close();
  }
});
