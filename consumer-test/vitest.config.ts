import { defineConfig } from 'vitest/config';

// Packs every package and installs the tarballs into scratch projects (src/global-setup.ts) before any test.
export default defineConfig({
  test: {
    name: 'consumer',
    include: ['test/**/*.test.ts'],
    globalSetup: ['src/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
