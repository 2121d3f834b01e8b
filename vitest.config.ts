import { defineConfig } from 'vitest/config';

// Two projects: `unit` (fast, what `npm test` runs first) and `e2e` (soak, SIGKILL, heap and
// every-Sonar-version runs). `npm run test:unit` or `npm run test:e2e` runs one alone.
// The unit project shares one module graph per worker (isolate: false): importing the CLI, zod
// schemas, exceljs and undici afresh for each of ~140 files was two thirds of its time (178 s ->
// 55 s on 2 cores shared with other work). A test file must therefore leave no global behind:
// spies, stubbed env and globals are undone after each test (restoreMocks, unstubEnvs,
// unstubGlobals); fake timers are restored in the file's afterEach. The e2e project keeps a
// fresh process per file.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          isolate: false,
          restoreMocks: true,
          unstubEnvs: true,
          unstubGlobals: true,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 300_000 },
      },
    ],
  },
});
