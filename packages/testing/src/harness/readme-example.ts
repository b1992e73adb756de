import { readFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { isGlb } from '../assets/glb.js';
import { type SimulatorToolOptions, useSimulatorHarness } from './simulator-harness.js';

/** The one tool call the example's scripted model makes. */
export interface ExampleToolCall {
  name: 'generate_3d_model';
  args: { prompt: string; timeout_seconds: number };
}

/** Options of {@link describeReadmeExample}. */
export interface ReadmeExampleOptions {
  /** The published name the README imports from, e.g. `@tripokit/ai-sdk`. */
  packageName: string;
  /** The README whose first ` ```ts ` block shows the example. */
  readme: URL;
  /** The example file, importing the package as `'../src/index.js'`. */
  example: URL;
  /**
   * Compare the lines in any order: the formatter sorts imports by path, so their order can change once the
   * relative path becomes the package name.
   */
  anyLineOrder?: boolean;
  /**
   * Runs the example against the simulator with `toolOptions`, its model scripted to make `call` and then
   * answer with the text the tool returned. Resolves with the example's final answer.
   */
  run(toolOptions: SimulatorToolOptions, call: ExampleToolCall): Promise<string>;
}

const KEY = 'tsk_readme_example_2c81f4d07b';

/**
 * Registers the checks every adapter's README example passes: the README shows the example file verbatim
 * (importing the published package), and the example makes a model against the simulator, saving a GLB and
 * printing progress lines `generate_3d_model: <percent>% …`.
 */
export function describeReadmeExample(options: ReadmeExampleOptions): void {
  describe('README example', () => {
    const harness = useSimulatorHarness({ apiKey: KEY, name: 'readme' });
    const exampleName = options.example.pathname.split('/').slice(-2).join('/');

    it(`is ${exampleName}, importing the published package`, async () => {
      const source = (await readFile(options.example, 'utf8')).replace(
        "'../src/index.js'",
        `'${options.packageName}'`,
      );
      const block = /```ts\n([\s\S]*?)```/.exec(await readFile(options.readme, 'utf8'))?.[1];
      const comparable = (text: string) => (options.anyLineOrder ? text.split('\n').sort().join('\n') : text);
      expect(comparable(block ?? '')).toBe(comparable(source));
    });

    it('makes a model against the simulator, printing progress', async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        const answer = await options.run(harness.toolOptions, {
          name: 'generate_3d_model',
          args: { prompt: 'a red fox', timeout_seconds: 600 },
        });
        const path = /saved at (\S+\.glb)/.exec(answer)?.[1];
        expect(path, answer).toBeDefined();
        expect(isGlb(new Uint8Array(await readFile(path as string)))).toBe(true);
        const lines = log.mock.calls.map(([line]) => String(line));
        expect(lines.some((line) => /^generate_3d_model: \d+(\.\d+)?% /.test(line))).toBe(true);
      } finally {
        log.mockRestore();
      }
    });
  });
}
