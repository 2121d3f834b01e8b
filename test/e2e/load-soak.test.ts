import { describe, expect, it } from 'vitest';
import { stepNames } from '../../src/ground/types.js';
import type { LoadResult } from '../../src/loaders/runner.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  stagedTemplate,
  startTestSimulator,
} from '../loaders/harness.js';

// The random-fault soak: long, so it runs in the e2e project.
const template = stagedTemplate();

describe('a load under random faults', () => {
  it('completes a seeded random fault soak (500, 429, resets, commit-then-fail) with nothing lost or doubled', async () => {
    const sim = await startTestSimulator({
      faults: {
        rates: { error500: 0.05, error429: 0.05, reset: 0.03, commitThenFail: 0.05 },
        seed: 20261125,
      },
    });
    try {
      const sample = cloneSample(template());
      const accounts = new Set([...template().staged.valid('accounts')].slice(0, 40).map((r) => r.legacyKey));
      // Retries run out now and then under these rates: each re-run resumes from the journal.
      let result: LoadResult | undefined;
      for (let run = 0; run < 6; run += 1) {
        result = await loadOnce(sample, sim, { accounts });
        if (result.steps.every((s) => s.failed + s.skipped + s.unsettled === 0)) break;
      }
      expect(exactlyOnceProblems(sample, sim, accounts)).toEqual([]);
      // Every step ran over the 40 accounts' 235 records.
      expect(result?.steps.map((s) => s.step)).toEqual([...stepNames]);
      expect(result?.steps.reduce((n, s) => n + s.total, 0)).toBe(235);
      // How many retries the faults cost depends on how concurrent requests interleave, so the
      // counts have no exact value: every record was sent at least once, so each create route saw
      // at least as many requests as the step has records.
      const counts = sim.requestCounts();
      expect(counts['POST /accounts']).toBeGreaterThanOrEqual(40);
      expect(counts['POST /accounts/:account_id/services']).toBeGreaterThanOrEqual(52);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
