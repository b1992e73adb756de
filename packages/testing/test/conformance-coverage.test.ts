import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Holds every adapter to the shared suite: six adapters drift apart when nothing checks them all.
const packagesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const conformanceDir = join(packagesDir, 'testing', 'src', 'conformance');
// The batch engine builds on core's client, not on its tool catalogue: it serves no agent framework.
const NOT_ADAPTERS = new Set(['@tripokit/core', '@tripokit/testing', '@tripokit/batch']);

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface WorkspacePackage {
  dir: string;
  manifest: PackageJson;
}

function workspacePackages(): WorkspacePackage[] {
  return readdirSync(packagesDir)
    .map((entry) => join(packagesDir, entry))
    .filter((dir) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile() === true)
    .map((dir) => ({
      dir,
      manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson,
    }));
}

/** A package that builds on core to serve some framework: it depends on `@tripokit/core` at run time. */
function isAdapter({ manifest }: WorkspacePackage): boolean {
  if (NOT_ADAPTERS.has(manifest.name)) return false;
  return '@tripokit/core' in { ...manifest.dependencies, ...manifest.peerDependencies };
}

function filesUnder(dir: string, suffix: string): string[] {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(suffix) && !file.split(/[\\/]/).includes('node_modules'))
    .map((file) => join(dir, file));
}

/** Test files that import the suite from its public entry and call it. */
function conformanceTests(pkg: WorkspacePackage): string[] {
  return filesUnder(join(pkg.dir, 'test'), '.test.ts').filter((file) => {
    const source = readFileSync(file, 'utf8');
    return (
      /from\s+['"]@tripokit\/testing\/conformance['"]/.test(source) &&
      /\brunConformanceSuite\s*\(/.test(source)
    );
  });
}

describe('conformance coverage', () => {
  const packages = workspacePackages();
  const adapters = packages.filter(isAdapter);

  it('finds the workspace packages and the known adapters', () => {
    const names = packages.map((pkg) => pkg.manifest.name);
    expect(names).toContain('@tripokit/core');
    expect(adapters.map((pkg) => pkg.manifest.name)).toEqual(
      expect.arrayContaining(['@tripokit/mcp', '@tripokit/ai-sdk', '@tripokit/langchain']),
    );
  });

  it.each(adapters.map((pkg) => [pkg.manifest.name, pkg] as const))(
    '%s runs the shared conformance suite',
    (_name, pkg) => {
      const found = conformanceTests(pkg).map((file) => relative(pkg.dir, file));
      expect(
        found,
        `${pkg.manifest.name} depends on @tripokit/core but no test/*.test.ts calls runConformanceSuite from @tripokit/testing/conformance`,
      ).not.toEqual([]);
      expect(pkg.manifest.devDependencies?.['@tripokit/testing']).toBeDefined();
    },
  );

  it('keeps the suite framework-neutral: it never imports @tripokit/core', () => {
    const offenders = filesUnder(conformanceDir, '.ts').filter((file) =>
      /from\s+['"]@tripokit\/core/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((file) => relative(packagesDir, file))).toEqual([]);
  });
});
