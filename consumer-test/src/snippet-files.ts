import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snippet } from './snippets.js';

/** Where a `run` snippet's program lives in a scratch project, relative to it. */
export function programOf(snippet: Snippet): string {
  return snippet.driver === undefined ? `snippets/${snippet.id}.ts` : `snippets/${snippet.id}.driver.ts`;
}

/**
 * Writes the TypeScript snippets into `dir/snippets/` verbatim: a fragment goes after its prelude, an
 * example that exports a function gets a driver beside it. Also writes the two tsconfigs a consumer may
 * use (nodenext and bundler resolution).
 */
export function writeSnippetFiles(dir: string, snippets: readonly Snippet[], fixtures: string): void {
  mkdirSync(join(dir, 'snippets'), { recursive: true });
  for (const s of snippets) {
    if (s.lang !== 'ts' || (s.mode !== 'run' && s.mode !== 'mcp-stdio')) continue;
    const prelude =
      s.prelude === undefined ? '' : readFileSync(join(fixtures, 'preludes', `${s.prelude}.ts`), 'utf8');
    writeFileSync(join(dir, 'snippets', `${s.id}.ts`), `${prelude}${prelude ? '\n' : ''}${s.code}\n`);
    if (s.driver !== undefined) {
      const driver = readFileSync(join(fixtures, 'drivers', `${s.driver}.ts`), 'utf8');
      writeFileSync(
        join(dir, 'snippets', `${s.id}.driver.ts`),
        driver.replace('./SNIPPET.ts', `./${s.id}.ts`),
      );
    }
  }
  const common = {
    target: 'es2023',
    lib: ['es2023'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    types: ['node'],
  };
  const tsconfig = (compilerOptions: object) =>
    `${JSON.stringify({ compilerOptions: { ...common, ...compilerOptions }, include: ['snippets'] }, null, 2)}\n`;
  writeFileSync(
    join(dir, 'tsconfig.nodenext.json'),
    tsconfig({ module: 'nodenext', moduleResolution: 'nodenext' }),
  );
  writeFileSync(
    join(dir, 'tsconfig.bundler.json'),
    tsconfig({ module: 'preserve', moduleResolution: 'bundler' }),
  );
}

/** Every entry point (`exports` subpath, as an import specifier) of the installed TripoKit packages. */
export function entryPoints(dir: string, packages: readonly { name: string }[]): string[] {
  return packages.flatMap((p) => {
    const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', p.name, 'package.json'), 'utf8'));
    return Object.keys(pkg.exports ?? {})
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => (subpath === '.' ? p.name : `${p.name}/${subpath.slice(2)}`));
  });
}

/**
 * Writes `snippets/entry-points.ts`, which imports the types of every entry point of the installed
 * packages, so both resolutions must find each one's declarations (the run test loads each one too).
 */
export function writeEntryPoints(dir: string, packages: readonly { name: string }[]): void {
  const lines = entryPoints(dir, packages).map(
    (specifier, i) =>
      `import type * as entry${i} from '${specifier}';\nexport type Entry${i} = keyof typeof entry${i};`,
  );
  writeFileSync(join(dir, 'snippets', 'entry-points.ts'), `${lines.join('\n')}\n`);
}
