import { defineConfig } from 'vitest/config';

/**
 * `npm run test:chaos` (CI runs it too): the server as a child process, killed and restarted under traffic
 * while the emulators fail. Files are named *.chaos.ts so the main `npm test` run does not pick them up.
 * One file at a time: each owns the machine's two cores while it runs.
 */
export default defineConfig({
  test: {
    include: ['tests/chaos/**/*.chaos.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    fileParallelism: false,
    env: { TZ: 'Asia/Tokyo' },
  },
});
