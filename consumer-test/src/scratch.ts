import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A published workspace package and the tarball `pnpm pack` made of it. */
export interface PackedPackage {
  name: string;
  dir: string;
  tarball: string;
}

/** One scratch project: a package manager and the oldest or newest peer versions the ranges allow. */
export interface Variant {
  name: string;
  pm: 'npm' | 'pnpm';
  peers: 'oldest' | 'newest';
  /** The consumer's TypeScript, so both the native 7.x and the classic 5.x compilers read the types. */
  typescript: string;
  /** Only these packages (the `npx -y @tripokit/mcp` user's install), instead of every README's. */
  only?: string[];
}

export const VARIANTS: readonly Variant[] = [
  { name: 'npm-newest', pm: 'npm', peers: 'newest', typescript: '7.0.2' },
  { name: 'npm-oldest', pm: 'npm', peers: 'oldest', typescript: '5.9.3' },
  { name: 'pnpm-newest', pm: 'pnpm', peers: 'newest', typescript: '5.9.3' },
  { name: 'pnpm-oldest', pm: 'pnpm', peers: 'oldest', typescript: '7.0.2' },
  { name: 'npm-mcp-only', pm: 'npm', peers: 'newest', typescript: '7.0.2', only: ['@tripokit/mcp'] },
];

/**
 * Versions of the frameworks the READMEs install. `newest` is a range, so each install takes the newest
 * release it allows; `oldest` is the lowest version the peer range allows (for `@langchain/core` the lowest
 * that LangGraph 1.0, which the README uses, accepts).
 */
export const PEER_VERSIONS: Record<Variant['peers'], Record<string, string>> = {
  newest: {
    ai: '^7.0.0',
    '@langchain/core': '^1.0.0',
    '@langchain/langgraph': '^1.0.0',
    langchain: '^1.0.0',
  },
  oldest: { ai: '7.0.0', '@langchain/core': '1.0.1', '@langchain/langgraph': '1.0.0', langchain: '1.0.1' },
};

/** LangGraph 1.0's own dependency range floats to a checkpointer that needs @langchain/core 1.1; hold it back. */
const OLDEST_OVERRIDES: Record<string, string> = { '@langchain/langgraph-checkpoint': '1.0.0' };

/** The workspace packages that are published (not `private`), in dependency-free order. */
export function publishedPackages(repoRoot: string): { name: string; dir: string }[] {
  return readdirSync(join(repoRoot, 'packages'))
    .map((dir) => ({
      dir,
      pkg: JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => pkg.private !== true)
    .map(({ dir, pkg }) => ({ name: pkg.name as string, dir }));
}

/** Runs a command; rejects with its output when it fails or outlives `timeoutMs`. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.stdin.end(options.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else
        reject(
          new Error(
            `${command} ${args.join(' ')} (in ${options.cwd}) exited ${code ?? signal}\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`,
          ),
        );
    });
  });
}

/** `pnpm pack`s every published package into `outDir` (pnpm rewrites `workspace:*` to real versions). */
export async function packAll(repoRoot: string, outDir: string): Promise<PackedPackage[]> {
  mkdirSync(outDir, { recursive: true });
  const packed: PackedPackage[] = [];
  for (const { name, dir } of publishedPackages(repoRoot)) {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', outDir], {
      cwd: join(repoRoot, 'packages', dir),
    });
    const tarball = stdout
      .trim()
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.endsWith('.tgz'))
      .at(-1);
    if (tarball === undefined) throw new Error(`pnpm pack printed no tarball for ${name}:\n${stdout}`);
    packed.push({ name, dir, tarball: tarball.startsWith('/') ? tarball : join(outDir, tarball) });
  }
  return packed;
}

/** The version range a scratch project asks for a non-TripoKit package the READMEs install. */
function versionOf(name: string, variant: Variant, repoRoot: string): string {
  const peer = PEER_VERSIONS[variant.peers][name];
  if (peer !== undefined) return peer;
  // Anything else (msw, …): the range our own packages depend on, so the app and the package agree.
  for (const { dir } of publishedPackages(repoRoot)) {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8'));
    const range = pkg.dependencies?.[name] ?? pkg.peerDependencies?.[name];
    if (range !== undefined) return range;
  }
  return 'latest';
}

/**
 * Writes a fresh scratch project outside the workspace that depends on `names` (TripoKit packages as
 * `file:` tarballs, everything else from the registry) and installs it with the variant's package manager.
 * The npm cache and the pnpm store are the machine's own, so repeated runs download nothing new.
 */
export async function installProject(options: {
  dir: string;
  variant: Variant;
  names: readonly string[];
  packed: readonly PackedPackage[];
  repoRoot: string;
  typesNode: string;
}): Promise<void> {
  const { dir, variant, packed, repoRoot } = options;
  mkdirSync(dir, { recursive: true });
  const tarballs = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  const dependencies: Record<string, string> = {};
  for (const name of options.names) dependencies[name] = tarballs[name] ?? versionOf(name, variant, repoRoot);
  const devDependencies = { typescript: variant.typescript, '@types/node': options.typesNode };
  // Our packages depend on each other by version (pnpm pack rewrote workspace:*); point those at the tarballs.
  const overrides = { ...tarballs, ...(variant.peers === 'oldest' ? OLDEST_OVERRIDES : {}) };
  const pkg = {
    name: `tripokit-consumer-${variant.name}`,
    private: true,
    type: 'module',
    dependencies,
    devDependencies,
  };
  if (variant.pm === 'npm') {
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ ...pkg, overrides }, null, 2)}\n`);
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: dir,
      timeoutMs: 300_000,
    });
  } else {
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const yaml = Object.entries(overrides)
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join('\n');
    writeFileSync(join(dir, 'pnpm-workspace.yaml'), `overrides:\n${yaml}\n`);
    await run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--reporter=append-only'], {
      cwd: dir,
      timeoutMs: 300_000,
    });
  }
}

/** The package linters, pinned, in their own scratch project. */
export const LINTERS = { publint: '0.3.25', '@arethetypeswrong/cli': '0.18.5' };

/** Installs the package linters into `dir`. */
export async function installTools(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ private: true, dependencies: LINTERS }, null, 2)}\n`,
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    timeoutMs: 300_000,
  });
}
