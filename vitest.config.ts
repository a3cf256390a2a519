import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Hang guards, not timings: generous so the suite passes with every core busy (spawned servers start slowly).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
