import { expect, inject, it } from 'vitest';

const { snippets } = inject('consumer');

// readAllSnippets refuses unmarked blocks; this pins that the markers still say something.
it('finds the runnable README snippets, and a reason for each skipped one', () => {
  expect(snippets.filter((s) => s.mode === 'run').length).toBeGreaterThan(10);
  expect(snippets.filter((s) => s.mode === 'mcp-config').length).toBeGreaterThan(2);
  for (const s of snippets.filter((s) => s.mode === 'skip')) expect(s.reason?.length).toBeGreaterThan(10);
  for (const s of snippets.filter((s) => s.mode === 'run')) expect(s.lang).toBe('ts');
});
