import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database-heavy suites each open their own PGlite; two workers fit a 2-core machine.
    maxWorkers: 2,
    env: { TZ: 'Asia/Tokyo' },
  },
});
