import { defineConfig } from 'vitest/config';

/** One test run for the whole workspace: fast unit suites, database suites, and browser e2e. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.{ts,tsx}',
            'apps/*/src/**/*.test.{ts,tsx}',
            'tests/journeys/**/*.test.ts',
            'tests/*.test.ts',
            'plugins/*/src/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            'apps/*/test/**/*.test.ts',
            'packages/db/test/**/*.test.ts',
            'tests/integration/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
