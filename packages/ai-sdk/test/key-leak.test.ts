import { RecentTasks, TripoClient } from '@tripokit/core';
import { findKeyLeaks, type KeyEchoWorld, startKeyEchoWorld } from '@tripokit/testing/hostile';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTripoTools, type TripoToolOutput } from '../src/index.js';

let world: KeyEchoWorld;
beforeAll(async () => {
  world = await startKeyEchoWorld();
});
afterAll(() => world.close());

it('never lets the key out of a tool: outputs, progress, thrown errors and their causes', async () => {
  const tools = createTripoTools({
    client: new TripoClient({ apiKey: world.key, baseUrl: world.api.baseUrl, env: {} }),
    env: {},
    outputDir: world.dir,
    allowedInputDirs: [world.dir],
    waitSeconds: 5,
    recentTasks: new RecentTasks(),
  });
  const leaks = await findKeyLeaks(world, async (name, args) => {
    const outputs: TripoToolOutput[] = [];
    try {
      const run = tools[name]?.execute?.(args, { toolCallId: 'c1', messages: [], context: {} });
      for await (const output of run as AsyncIterable<TripoToolOutput>) outputs.push(output);
      return { outputs };
    } catch (error) {
      return { outputs, error };
    }
  });
  expect(leaks).toEqual([]);
});
