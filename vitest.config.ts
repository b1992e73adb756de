import { defineConfig } from 'vitest/config';

// One run over every package and app; each keeps its own vitest.config.ts. The consumer test (packed
// tarballs installed into scratch projects) runs too, unless TRIPOKIT_SKIP_CONSUMER=1.
export default defineConfig({
  test: {
    tags: [{ name: 'node-agnostic', description: 'its subject does not depend on the Node version' }],
    projects: [
      'packages/*',
      'apps/*',
      ...(process.env.TRIPOKIT_SKIP_CONSUMER === '1' ? [] : ['consumer-test']),
    ],
  },
});
