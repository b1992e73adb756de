import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { run, VARIANTS } from '../src/scratch.js';
import { type InstalledSimulator, snippetEnv, startInstalledSimulator } from '../src/sim.js';
import { programOf } from '../src/snippet-files.js';

const { projects, snippets } = inject('consumer');
const runnable = snippets.filter((s) => s.mode === 'run');

describe.each(VARIANTS.filter((v) => v.only === undefined))('$name (TypeScript $typescript)', (variant) => {
  const dir = projects[variant.name]!;
  let sim: InstalledSimulator;
  beforeAll(async () => {
    sim = await startInstalledSimulator(dir);
  });
  afterAll(() => sim?.stop());

  it.each(runnable)('runs $id (README line $line) verbatim', async (snippet) => {
    // Each snippet gets its own working folder, so relative output folders never collide.
    const cwd = mkdtempSync(join(dir, 'run-'));
    const { stdout } = await run(process.execPath, [join(dir, programOf(snippet))], {
      cwd,
      env: snippetEnv(sim),
      timeoutMs: 60_000,
    });
    if (snippet.driver !== undefined) expect(stdout).toContain('driver ok');
  });

  it.each(['nodenext', 'bundler'])(
    'type-checks every snippet and entry point under %s resolution',
    async (mode) => {
      await run(join(dir, 'node_modules/.bin/tsc'), ['-p', `tsconfig.${mode}.json`], { cwd: dir });
    },
  );
});
