import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@tripokit/demo',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
