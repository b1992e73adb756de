import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { run } from '../src/scratch.js';

const { packed, projects } = inject('consumer');

/** The file list and package.json of a tarball, as the registry would serve it. */
function readTarball(tarball: string): { files: string[]; manifest: string } {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
  const manifest = execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' });
  return { files, manifest };
}

describe.each(packed)('the $name tarball', ({ tarball }) => {
  it('keeps no workspace: protocol, no source maps, and ships its README', () => {
    const { files, manifest } = readTarball(tarball);
    expect(manifest).not.toContain('workspace:');
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files).toContain('package/README.md');
    const pkg = JSON.parse(manifest);
    expect(pkg.engines.node).toMatch(/^>=22/);
    expect(pkg.exports['./package.json']).toBe('./package.json');
    expect(pkg.repository?.url).toMatch(/^git\+https:/);
    expect(pkg.homepage).toMatch(/^https:/);
    expect(pkg.bugs?.url).toMatch(/^https:/);
  });

  it('passes publint --strict', async () => {
    const { stdout } = await run(join(projects.tools!, 'node_modules/.bin/publint'), ['--strict', tarball], {
      cwd: projects.tools!,
    });
    expect(stdout).not.toMatch(/warning|error/i);
  });

  it('passes @arethetypeswrong/cli --profile esm-only', async () => {
    await run(
      join(projects.tools!, 'node_modules/.bin/attw'),
      ['--profile', 'esm-only', '--format', 'ascii', tarball],
      {
        cwd: projects.tools!,
      },
    );
  });
});
