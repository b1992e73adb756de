import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { run } from '../src/scratch.js';
import { entryPoints } from '../src/snippet-files.js';

const { projects, packed, repoRoot } = inject('consumer');
const dir = projects['npm-newest']!;
const installed = packed.filter((p) => existsSync(join(dir, 'node_modules', p.name)));
const node22 = join(repoRoot, '.tools/node22/node_modules/.bin/node');
const nodes: [label: string, node: string][] = [['Node 24', process.execPath]];
if (existsSync(node22)) nodes.push(['Node 22', node22]);

/** Optional peers of the package a specifier belongs to: an entry point may need one to load. */
function optionalPeers(specifier: string): string[] {
  const name = installed.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`))!.name;
  const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8'));
  return Object.keys(pkg.peerDependenciesMeta ?? {}).filter((k) => pkg.peerDependenciesMeta[k].optional);
}

describe.each(nodes)('on %s', (_label, node) => {
  it.each(entryPoints(dir, installed))('loads %s with import() and require()', async (specifier) => {
    const script = `import(${JSON.stringify(specifier)}).then(() => { require(${JSON.stringify(specifier)}); console.log('loaded'); })`;
    try {
      const { stdout } = await run(node, ['-e', script], { cwd: dir, env: { PATH: process.env.PATH } });
      expect(stdout).toContain('loaded');
    } catch (error) {
      // An entry point built on an optional peer (the vitest harness) may only say which peer is missing.
      const missing = /Cannot find (?:package|module) '([^']+)'/.exec(String(error))?.[1];
      expect(optionalPeers(specifier), String(error)).toContain(missing);
    }
  });
});
