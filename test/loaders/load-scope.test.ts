import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  type StagedSample,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  writeCount,
} from './harness.js';

const template = stagedTemplate();

async function withSim<T>(fn: (sim: RunningSimulator) => Promise<T>, options = {}): Promise<T> {
  const sim = await startTestSimulator(options);
  try {
    return await fn(sim);
  } finally {
    await sim.close();
  }
}

function journaledSteps(sample: StagedSample): string[] {
  return [...new Set(sample.journal.counts().map((c) => c.step))].sort();
}

describe('partial loads', () => {
  it('--only loads just the steps it names, and a later run picks up the rest', () =>
    withSim(async (sim) => {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts, only: ['accounts'] });
      expect(journaledSteps(sample)).toEqual(['accounts']);
      expect(Object.keys(sim.requestCounts()).filter((k) => !k.startsWith('GET '))).toEqual([
        'POST /accounts',
      ]);

      sim.resetRequestCounts();
      await loadOnce(sample, sim, { accounts: smallAccounts, only: ['contacts'] });
      expect(journaledSteps(sample)).toEqual(['accounts', 'contacts']);
      const contacts = [...sample.staged.valid('contacts')].filter((r) =>
        smallAccounts.has(r.accountKey ?? ''),
      );
      expect(sim.requestCounts()['POST /accounts/:account_id/contacts']).toBe(contacts.length);
      expect(sim.requestCounts()['POST /accounts'] ?? 0).toBe(0);

      await loadOnce(sample, sim, { accounts: smallAccounts });
      expect(exactlyOnceProblems(sample, sim, smallAccounts)).toEqual([]);
    }));

  it('--accounts loads just those accounts and what they need', () =>
    withSim(async (sim) => {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: new Set(['10048']) });
      const keys = [...sample.journal.entries()].map((e) => e.accountKey ?? e.legacyKey);
      // Its records, and the inventory record of its DID (7162000009 in dids.csv): nothing else.
      expect(new Set(keys)).toEqual(new Set(['10048', 'did_inventory:7162000009']));
      expect(sim.state.accounts.rows.size).toBe(1);
      expect(exactlyOnceProblems(sample, sim, new Set(['10048']))).toEqual([]);
    }));

  it('leaves a refused record failed on a plain re-run and sends it again with --retry-failed', () =>
    withSim(
      async (sim) => {
        const sample = cloneSample(template());
        const first = await loadOnce(sample, sim, { accounts: smallAccounts });
        expect(first.steps.find((s) => s.step === 'contacts')?.failed).toBe(1);
        const failed = [...sample.journal.entries('contacts', 'failed')];
        expect(failed[0]?.lastError?.code).toBe('SONAR_TERMINAL');

        sim.resetRequestCounts();
        const plain = await loadOnce(sample, sim, { accounts: smallAccounts });
        expect(writeCount(sim)).toBe(0);
        expect(plain.steps.find((s) => s.step === 'contacts')?.failed).toBe(1);

        sim.resetRequestCounts();
        await loadOnce(sample, sim, { accounts: smallAccounts, retryFailed: true });
        expect(writeCount(sim)).toBe(1);
        expect(sim.requestCounts()['POST /accounts/:account_id/contacts']).toBe(1);
        expect(exactlyOnceProblems(sample, sim, smallAccounts)).toEqual([]);
      },
      {
        faults: {
          scripted: [
            {
              kind: 'fail',
              method: 'POST',
              pattern: '/accounts/:account_id/contacts',
              status: 422,
              message: 'refused once',
            },
          ],
        },
      },
    ));

  it('stops taking new work when interrupted, settles what is in flight, and resumes exactly once', () =>
    withSim(async (sim) => {
      const sample = cloneSample(template());
      const abort = new AbortController();
      const result = await loadOnce(sample, sim, {
        accounts: smallAccounts,
        signal: abort.signal,
        onProgress: ({ step }) => {
          if (step === 'contacts') abort.abort();
        },
      });
      expect(result.interrupted).toBe(true);
      expect(sample.journal.inFlight()).toEqual([]);
      expect(sample.journal.runs().at(-1)).toMatchObject({ interrupted: true });
      const done = result.steps.reduce((n, s) => n + s.created, 0);
      expect(done).toBeLessThan(result.steps.reduce((n, s) => n + s.total, 0));
      await loadOnce(sample, sim, { accounts: smallAccounts });
      expect(exactlyOnceProblems(sample, sim, smallAccounts)).toEqual([]);
    }));
});
