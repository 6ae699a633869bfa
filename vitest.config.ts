import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: [
      'lib/**/*.test.ts',
      'components/**/*.test.tsx',
      'entrypoints/**/*.test.ts',
      'tests/unit/**/*.test.{ts,tsx}',
      'server/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 20_000,
    // Opening a PGlite database takes seconds on a loaded 2-core machine (seen: > 10 s).
    hookTimeout: 60_000,
  },
});
