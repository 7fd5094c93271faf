import { defineConfig } from 'vitest/config';

// Unit tests of pure code beside it (lib/**), browser end-to-end tests under test/ (one file at a time).
export default defineConfig({
  test: {
    include: ['lib/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
