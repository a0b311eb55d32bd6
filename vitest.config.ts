import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Removes the temporary folders each test file made (test/support/temp-dir.ts).
    setupFiles: ['test/support/remove-temp-dirs.ts'],
  },
});
