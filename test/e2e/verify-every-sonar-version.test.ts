import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../src/simulator/server.js';
import { sonarVersions } from '../../src/simulator/versions.js';
import { copySample, runIn } from '../cli/load-helpers.js';

// Every documented answer shape (versions.ts): an older Sonar answers an echeck as "ach" and shows
// no service quantities, and verify must still find a clean load clean.
describe('verify after a clean load, in every documented Sonar version', () => {
  for (const sonarVersion of sonarVersions) {
    it(`finds no difference in the ${sonarVersion} answers`, async () => {
      const sim = await startSimulator({ sonarVersion });
      try {
        const dir = copySample('legacy-billing');
        expect((await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
        const { code, out } = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
        expect(out).toContain('Verified 200 account(s): 0 difference(s).');
        expect(code).toBe(0);
      } finally {
        await sim.close();
      }
    }, 120_000);
  }
});
