import { RecentTasks, TripoClient } from '@tripokit/core';
import { findKeyLeaks, type KeyEchoWorld, startKeyEchoWorld } from '@tripokit/testing/hostile';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTripoTools } from '../src/index.js';

let world: KeyEchoWorld;
beforeAll(async () => {
  world = await startKeyEchoWorld();
});
afterAll(() => world.close());

it('never lets the key out of a tool: plain invoke, tool-call messages, progress events', async () => {
  const tools = createTripoTools({
    client: new TripoClient({ apiKey: world.key, baseUrl: world.api.baseUrl, env: {} }),
    env: {},
    outputDir: world.dir,
    allowedInputDirs: [world.dir],
    waitSeconds: 5,
    recentTasks: new RecentTasks(),
  });
  const leaks = await findKeyLeaks(world, async (name, args) => {
    const tool = tools.find((t) => t.name === name);
    const progress: unknown[] = [];
    const callbacks = [{ handleCustomEvent: (_event: string, data: unknown) => void progress.push(data) }];
    const plainInvoke = await tool?.invoke(args, { callbacks }).catch((error: unknown) => error);
    const toolMessage = await tool
      ?.invoke({ type: 'tool_call', id: 'c1', name, args }, { callbacks })
      .catch((error: unknown) => error);
    return { 'plain invoke': plainInvoke, 'tool message': toolMessage, progress };
  });
  expect(leaks).toEqual([]);
});
