import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecentTasks, TripoClient } from '@tripokit/core';
import {
  everyText,
  KEY_ECHO_CALLS,
  type KeyEchoApi,
  startKeyEchoApi,
  writeKeyEchoInputs,
} from '@tripokit/testing/hostile';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTripoTools, type TripoToolOutput } from '../src/index.js';

/** Not shaped like a Tripo key, and given as a ready client's: only core's one scrubber can mask it. */
const KEY = 'Wq7.odd/Key+shape=9f3c~x2';

let api: KeyEchoApi;
let dir: string;
beforeAll(async () => {
  api = await startKeyEchoApi(KEY);
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-ai-leak-'));
  await writeKeyEchoInputs(dir);
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

it('never lets the key out of a tool: outputs, progress, thrown errors and their causes', async () => {
  const tools = createTripoTools({
    client: new TripoClient({ apiKey: KEY, baseUrl: api.baseUrl, env: {} }),
    env: {},
    outputDir: dir,
    allowedInputDirs: [dir],
    waitSeconds: 5,
    recentTasks: new RecentTasks(),
  });
  const leaks: string[] = [];
  for (const [name, args] of KEY_ECHO_CALLS) {
    const outputs: TripoToolOutput[] = [];
    let thrown: unknown;
    try {
      const run = tools[name]?.execute?.(args, { toolCallId: 'c1', messages: [], context: {} });
      for await (const output of run as AsyncIterable<TripoToolOutput>) outputs.push(output);
    } catch (error) {
      thrown = error;
    }
    if (everyText(outputs).includes(KEY)) leaks.push(`${name}: outputs`);
    if (everyText(thrown).includes(KEY)) leaks.push(`${name}: error`);
  }
  expect(leaks).toEqual([]);
  expect(api.fileHostRequests().filter((r) => everyText(r).includes(KEY))).toEqual([]);
});
