import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@tripokit/mcp',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
