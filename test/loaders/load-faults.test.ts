import { describe, expect, it } from 'vitest';
import type { ScriptedFault } from '../../src/simulator/faults.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
} from './harness.js';

const template = stagedTemplate();

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
        const sample = cloneSample(template());
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
      const sample = cloneSample(template());
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
});
