import { readFile } from 'node:fs/promises';
import { isGlb } from '@tripokit/testing';
import { describe, expect, it, vi } from 'vitest';
import { makeA3dModel } from '../examples/make-a-model.js';
import { scriptedModel, textTurn, toolCallTurn, toolOutputsIn } from './scripted-model.js';
import { KEY, useSimulator } from './sim-harness.js';

const harness = useSimulator();
const readme = new URL('../README.md', import.meta.url);
const example = new URL('../examples/make-a-model.ts', import.meta.url);

describe('README example', () => {
  it('is examples/make-a-model.ts, importing the published package', async () => {
    const source = (await readFile(example, 'utf8')).replace("'../src/index.js'", "'@tripokit/ai-sdk'");
    const block = /```ts\n([\s\S]*?)```/.exec(await readFile(readme, 'utf8'))?.[1];
    const sorted = (text: string) => text.split('\n').sort().join('\n');
    // Import order differs once the path becomes a package name; everything else is identical.
    expect(sorted(block ?? '')).toBe(sorted(source));
  });

  it('makes a model against the simulator, printing progress', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const model = scriptedModel((prompt, turn) => {
      if (turn === 0) return toolCallTurn('generate_3d_model', { prompt: 'a red fox', timeout_seconds: 600 });
      const output = toolOutputsIn(prompt)[0];
      return textTurn(output?.type === 'text' ? output.value : 'no result');
    });
    const answer = await makeA3dModel(model, 'Make a red fox.', {
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
