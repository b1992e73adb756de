import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { installProject, installTools, type PackedPackage, packAll, VARIANTS } from './scratch.js';
import { writeEntryPoints, writeSnippetFiles } from './snippet-files.js';
import { installedNames, readAllSnippets, type Snippet } from './snippets.js';

/** What the setup hands every test file. */
export interface ConsumerContext {
  repoRoot: string;
  scratch: string;
  packed: PackedPackage[];
  /** Variant name → its project folder. */
  projects: Record<string, string>;
  /** Seconds each install took, for the report. */
  installSeconds: Record<string, number>;
  snippets: Snippet[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    consumer: ConsumerContext;
  }
}

/**
 * Packs every published package and installs the tarballs into fresh scratch projects outside the
 * workspace (one per variant, concurrently), with every README snippet written into each.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const repoRoot = resolve(import.meta.dirname, '../..');
  const scratch = mkdtempSync(join(tmpdir(), 'tripokit-consumer-'));
  const packed = await packAll(repoRoot, join(scratch, 'tarballs'));
  const snippets = readAllSnippets(
    repoRoot,
    packed.map((p) => p.dir),
  );
  const names = [...new Set(snippets.filter((s) => s.mode === 'install').flatMap(installedNames))];
  const typesNode = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).devDependencies[
    '@types/node'
  ];
  const projects: Record<string, string> = {};
  const installSeconds: Record<string, number> = {};
  const tools = join(scratch, 'tools');
  await Promise.all([
    installTools(tools),
    ...VARIANTS.map(async (variant) => {
      const dir = join(scratch, variant.name);
      mkdirSync(dir);
      const started = performance.now();
      await installProject({ dir, variant, names: variant.only ?? names, packed, repoRoot, typesNode });
      installSeconds[variant.name] = Math.round((performance.now() - started) / 100) / 10;
      if (variant.only === undefined) {
        writeSnippetFiles(dir, snippets, join(import.meta.dirname, '../fixtures'));
        writeEntryPoints(
          dir,
          packed.filter((p) => names.includes(p.name)),
        );
      }
      projects[variant.name] = dir;
    }),
  ]);
  projects.tools = tools;
  writeFileSync(join(scratch, 'install-seconds.json'), JSON.stringify(installSeconds));
  project.provide('consumer', { repoRoot, scratch, packed, projects, installSeconds, snippets });
  return () => {
    if (process.env.TRIPOKIT_KEEP_CONSUMER !== '1') rmSync(scratch, { recursive: true, force: true });
  };
}
