import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepNames } from '../../src/ground/types.js';
import type { LoadResult } from '../../src/loaders/runner.js';
import type { ScriptedFault } from '../../src/simulator/faults.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  type StagedSample,
  smallAccounts,
  stageSample,
  startTestSimulator,
} from './harness.js';

let template: StagedSample;
beforeAll(async () => {
  template = await stageSample();
}, 60_000);
afterAll(() => template.db.close());

const writePatterns = [
  'POST /system/voice/dids',
  'POST /accounts',
  'PATCH /accounts/:id/billing_parameters',
  'POST /accounts/:account_id/contacts',
  'POST /accounts/:account_id/addresses',
  'POST /accounts/:account_id/services',
  'POST /accounts/:account_id/tokenized_payment_method',
  'POST /accounts/:account_id/dids',
  'POST /accounts/:id/ip_assignments',
];

describe('faults while loading', () => {
  for (const kind of ['commit-then-drop', 'commit-then-500'] as const) {
    it(`settles a ${kind} on every kind of write by looking, leaving exactly one record each`, async () => {
      const sim = await startTestSimulator({
        faults: {
          scripted: writePatterns.map((p): ScriptedFault => {
            const [method, pattern] = p.split(' ') as ['POST' | 'PATCH', string];
            return { kind, method, pattern };
          }),
        },
      });
      try {
        const sample = cloneSample(template);
        const result = await loadOnce(sample, sim, { accounts: smallAccounts });
        expect(exactlyOnceProblems(sample, sim, smallAccounts)).toEqual([]);
        const found = result.steps.reduce((n, s) => n + s.found, 0);
        expect(found).toBe(writePatterns.length);
        expect(sim.faults.describe()).toMatchObject({ scripted: [] });
      } finally {
        await sim.close();
      }
    }, 30_000);
  }

  it('skips the records of an account Sonar refused, with that reason, and loads the others', async () => {
    const sim = await startTestSimulator({
      faults: {
        scripted: [{ kind: 'fail', method: 'POST', pattern: '/accounts', status: 422, message: 'nope' }],
      },
    });
    try {
      const sample = cloneSample(template);
      // One account at a time: the first account created (a sub-account, children first) is refused.
      const result = await loadOnce(sample, sim, { accounts: new Set(['10048', '10072']), concurrency: 1 });
      const failed = [...sample.journal.entries('accounts', 'failed')];
      expect(failed).toHaveLength(1);
      expect(failed[0]?.lastError?.code).toBe('SONAR_TERMINAL');
      const refused = failed[0]?.legacyKey ?? '';
      const skipped = [...sample.journal.entries(undefined, 'skipped')];
      // The refused account's records of every later step (it has three services).
      expect(skipped.map((e) => e.step).sort()).toEqual([
        'bank_accounts',
        'billing_parameters',
        'contacts',
        'dids',
        'ip_assignments',
        'next_bill_dates',
        'services',
        'services',
        'services',
      ]);
      expect(skipped.every((e) => e.accountKey === refused)).toBe(true);
      expect(skipped[0]?.lastError).toMatchObject({ code: 'JOURNAL_SKIPPED' });
      expect(skipped[0]?.lastError?.message).toContain(`account ${refused} is failed`);
      const other = refused === '10048' ? '10072' : '10048';
      // Both accounts' DIDs were inventoried (instance-wide, before accounts): only that count differs.
      const problems = exactlyOnceProblems(sample, sim, new Set([other]));
      expect(problems.filter((p) => !p.startsWith('DID inventory'))).toEqual([]);
      expect(sim.state.dids.rows.size).toBe(2);
      expect(result.steps.find((s) => s.step === 'accounts')).toMatchObject({ created: 1, failed: 1 });
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('completes a seeded random fault soak (500, 429, resets, commit-then-fail) with nothing lost or doubled', async () => {
    const sim = await startTestSimulator({
      faults: {
        rates: { error500: 0.05, error429: 0.05, reset: 0.03, commitThenFail: 0.05 },
        seed: 20261125,
      },
    });
    try {
      const sample = cloneSample(template);
      const accounts = new Set([...template.staged.valid('accounts')].slice(0, 40).map((r) => r.legacyKey));
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
