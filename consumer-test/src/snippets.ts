import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the consumer test does with one fenced block of a package README. */
export type SnippetMode = 'run' | 'install' | 'mcp-stdio' | 'mcp-config' | 'skip';

/** One fenced code block of a shipped README, with the instruction of the marker above it. */
export interface Snippet {
  /** `core-3`: the package folder and the block's position among that README's blocks (1-based). */
  id: string;
  packageDir: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** The block's text, verbatim. */
  code: string;
  mode: SnippetMode;
  /** For `run`: a file of `fixtures/preludes` that defines what a fragment uses without defining it. */
  prelude?: string;
  /** For `run`: a file of `fixtures/drivers` that imports the snippet and calls what it exports. */
  driver?: string;
  /** For `skip`: why the block is not run. */
  reason?: string;
}

const MARKER =
  /^<!-- consumer-test: (run|install|mcp-stdio|mcp-config|skip)(?::\s*(.+?)|((?:\s+\w+=[\w-]+)*))\s*-->$/;
const FENCE = /^```(\S*)\s*$/;

/**
 * Reads every fenced block of a README. Each must sit right under a `<!-- consumer-test: MODE -->` marker,
 * so a block added to a README cannot escape the consumer test: an unmarked block is an error.
 */
export function readSnippets(readmePath: string, packageDir: string): Snippet[] {
  const lines = readFileSync(readmePath, 'utf8').split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] ?? '');
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (end < 0) throw new Error(`${readmePath}:${i + 1}: unclosed code block`);
    const id = `${packageDir}-${snippets.length + 1}`;
    const marker = MARKER.exec(lines[i - 1] ?? '');
    if (!marker) {
      throw new Error(
        `${readmePath}:${i + 1}: code block without a "<!-- consumer-test: run|install|mcp-stdio|mcp-config|skip: why -->" marker on the line above`,
      );
    }
    const mode = marker[1] as SnippetMode;
    const options = Object.fromEntries(
      (marker[3] ?? '')
        .trim()
        .split(/\s+/)
        .filter((o) => o !== '')
        .map((o) => o.split('=') as [string, string]),
    );
    if (mode === 'skip' && !marker[2]) throw new Error(`${readmePath}:${i}: a skipped block needs a reason`);
    snippets.push({
      id,
      packageDir,
      line: i + 1,
      lang: open[1] ?? '',
      code: lines.slice(i + 1, end).join('\n'),
      mode,
      ...(options.prelude ? { prelude: options.prelude } : {}),
      ...(options.driver ? { driver: options.driver } : {}),
      ...(marker[2] ? { reason: marker[2] } : {}),
    });
    i = end;
  }
  return snippets;
}

/** Every snippet of every published package's README. */
export function readAllSnippets(repoRoot: string, packageDirs: readonly string[]): Snippet[] {
  // A package without a README has no snippets (the tarball test reports the missing README).
  return packageDirs
    .filter((dir) => existsSync(join(repoRoot, 'packages', dir, 'README.md')))
    .flatMap((dir) => readSnippets(join(repoRoot, 'packages', dir, 'README.md'), dir));
}

/** The package names an `install` block's `npm install` lines add (flags dropped). */
export function installedNames(snippet: Snippet): string[] {
  return snippet.code
    .split('\n')
    .filter((l) => /^npm (install|i) /.test(l.trim()))
    .flatMap((l) =>
      l
        .replace(/#.*$/, '')
        .trim()
        .split(/\s+/)
        .slice(2)
        .filter((w) => !w.startsWith('-')),
    );
}
