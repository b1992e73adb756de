import { readFile } from 'node:fs/promises';
import { AIMessage } from '@langchain/core/messages';
import { isGlb } from '@tripokit/testing';
import { describe, expect, it, vi } from 'vitest';
import { makeA3dModel } from '../examples/agent.js';
import { callTool, lastToolMessage, ScriptedChatModel } from './scripted-chat-model.js';
import { KEY, useSimulator } from './sim-harness.js';

const harness = useSimulator();
const readme = new URL('../README.md', import.meta.url);
const example = new URL('../examples/agent.ts', import.meta.url);

describe('README example', () => {
  it('is examples/agent.ts, importing the published package', async () => {
    const source = (await readFile(example, 'utf8')).replace("'../src/index.js'", "'@tripokit/langchain'");
    const block = /```ts\n([\s\S]*?)```/.exec(await readFile(readme, 'utf8'))?.[1];
    expect(block).toBe(source);
  });

  it('makes a model against the simulator, printing progress', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const llm = new ScriptedChatModel((messages, turn) =>
      turn === 0
        ? callTool('generate_3d_model', { prompt: 'a red fox', timeout_seconds: 600 }, 'call-0')
        : new AIMessage(String(lastToolMessage(messages)?.content)),
    );
    const answer = await makeA3dModel(llm, 'Make a red fox.', {
      clientOptions: { apiKey: KEY, baseUrl: harness.sim.apiBase('v3'), clock: harness.clock },
      outputDir: harness.outputDir,
      env: {},
    });
    const path = /saved at (\S+\.glb)/.exec(answer)?.[1];
    expect(path).toBeDefined();
    expect(isGlb(new Uint8Array(await readFile(path as string)))).toBe(true);
    expect(log.mock.calls.some(([line]) => /^generate_3d_model: \d+(\.\d+)?% /.test(String(line)))).toBe(
      true,
    );
    log.mockRestore();
  });
});
