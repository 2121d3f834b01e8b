import { defineConfig } from 'vitest/config';

// Two projects: `unit` (fast, what `npm test` runs first) and `e2e` (soak, SIGKILL, heap and
// every-Sonar-version runs). `npm run test:unit` or `npm run test:e2e` runs one alone.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**'] },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 300_000 },
      },
    ],
  },
});
