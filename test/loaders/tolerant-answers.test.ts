import { describe, expect, it } from 'vitest';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  testClient,
} from './harness.js';

// Issue 12: answers are read tolerantly. A field the tool never reads may be missing or null, and
// a write Sonar accepted is never left in flight because of its answer's shape.

const template = stagedTemplate();

describe('reading Sonar answers tolerantly', () => {
  it('reads account statuses without a color, or with a null one (plan no longer stops)', async () => {
    const sim = await startTestSimulator();
    const [first, second, ...rest] = sim.state.reference.account_statuses;
    const statuses = sim.state.reference.account_statuses as Record<string, unknown>[];
    delete statuses[0]?.color;
    if (statuses[1]) statuses[1].color = null;
    const client = testClient(sim);
    try {
      const reference = await fetchReferenceData(client);
      expect(reference.accountStatuses.map((s) => s.id)).toEqual([first, second, ...rest].map((s) => s?.id));
    } finally {
      await client.close();
      await sim.close();
    }
  });

  for (const version of ['oldest', 'older'] as const) {
    it(`settles every write answered in the "${version}" shapes: billing parameters, services without quantity`, async () => {
      const sim = await startTestSimulator({ sonarVersion: version });
      const sample = cloneSample(template());
      try {
        const result = await loadOnce(sample, sim, { accounts: smallAccounts });
        expect(sample.journal.inFlight()).toEqual([]);
        expect(result.settled.unsettled).toBe(0);
        expect(exactlyOnceProblems(sample, sim, smallAccounts)).toEqual([]);
      } finally {
        await sim.close();
      }
    });
  }
});
