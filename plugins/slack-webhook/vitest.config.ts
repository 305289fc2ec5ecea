import { defineConfig } from 'vitest/config';

/** This package's own tests, so `pnpm test` here runs them alone. */
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
