import { expect, inject, it } from 'vitest';

const { snippets } = inject('consumer');

// readAllSnippets refuses unmarked blocks; this pins that the READMEs still hold the runnable ones.
it('finds runnable snippets in every README, and a reason for each skipped one', () => {
  const byPackage = Object.groupBy(snippets, (s) => s.packageDir);
  for (const [dir, list] of Object.entries(byPackage)) {
    expect(list?.some((s) => s.mode !== 'skip'), dir).toBe(true);
  }
  for (const s of snippets.filter((s) => s.mode === 'skip')) expect(s.reason?.length).toBeGreaterThan(10);
  for (const s of snippets.filter((s) => s.mode === 'run')) expect(s.lang).toBe('ts');
});
