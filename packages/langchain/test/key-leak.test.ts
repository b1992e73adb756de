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
import { createTripoTools } from '../src/index.js';

/** Not shaped like a Tripo key, and given as a ready client's: only core's one scrubber can mask it. */
const KEY = 'Wq7.odd/Key+shape=9f3c~x2';

let api: KeyEchoApi;
let dir: string;
beforeAll(async () => {
  api = await startKeyEchoApi(KEY);
  dir = await mkdtemp(path.join(tmpdir(), 'tripokit-lc-leak-'));
  await writeKeyEchoInputs(dir);
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

it('never lets the key out of a tool: plain invoke, tool-call messages, progress events', async () => {
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
    const tool = tools.find((t) => t.name === name);
    const events: unknown[] = [];
    const callbacks = [{ handleCustomEvent: (_event: string, data: unknown) => void events.push(data) }];
    const plain = await tool?.invoke(args, { callbacks }).catch((error: unknown) => error);
    const message = await tool
      ?.invoke({ type: 'tool_call', id: 'c1', name, args }, { callbacks })
      .catch((error: unknown) => error);
    if (everyText(plain).includes(KEY)) leaks.push(`${name}: plain invoke`);
    if (everyText(message).includes(KEY)) leaks.push(`${name}: tool message`);
    if (everyText(events).includes(KEY)) leaks.push(`${name}: progress`);
  }
  expect(leaks).toEqual([]);
  expect(api.fileHostRequests().filter((r) => everyText(r).includes(KEY))).toEqual([]);
});
