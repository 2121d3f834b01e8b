import { describe, expect, it } from 'vitest';
import { stepNames } from '../../src/ground/types.js';
import { applyRemovals, removingMark } from '../../src/loaders/apply-removals.js';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { removedInSource } from '../../src/loaders/delta.js';
import {
  cloneSample,
  loadOnce,
  reopen,
  type StagedSample,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  testClient,
} from './harness.js';

const template = stagedTemplate();

function removedCount(sample: StagedSample): number {
  return stepNames.reduce(
    (n, step) => n + [...removedInSource(sample.staged, sample.journal, step)].length,
    0,
  );
}

describe('load --apply-removals (applyRemovals)', () => {
  it('deletes what the source no longer has, children before their account, exactly once across a lost answer', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      const account = Number(sample.journal.get('accounts', '10048')?.sonarId);
      const contact = [...sample.staged.valid('contacts')].find((r) => r.accountKey === '10072');
      if (!contact) throw new Error('account 10072 has no contact');
      const contactId = Number(sample.journal.get('contacts', contact.legacyKey)?.sonarId);
      const before = {
        accounts: sim.state.accounts.rows.size,
        contacts: sim.state.contacts.rows.size,
        services: sim.state.accountServices.rows.size,
      };
      const servicesOf10048 = sim.state.accountServices.list((r) => r.account_id === account).length;
      expect(servicesOf10048).toBeGreaterThan(0);
      // Account 10048 leaves the source with everything on it; 10072 loses one contact.
      sample.db.exec(`
        DELETE FROM staged WHERE account_key = '10048' OR (step = 'accounts' AND legacy_key = '10048');
        DELETE FROM staged WHERE step = 'contacts' AND legacy_key = '${contact.legacyKey}';
      `);
      const removed = removedCount(reopen(sample));
      expect(removed).toBeGreaterThan(3);

      sim.faults.commitThenDrop({ method: 'DELETE', pattern: '/accounts/:account_id/contacts/:contact_id' });
      const client = testClient(sim);
      const run = reopen(sample);
      const deletes = () =>
        Object.entries(sim.requestCounts())
          .filter(([k]) => k.startsWith('DELETE '))
          .reduce((n, [, c]) => n + c, 0);
      const result = await applyRemovals({
        client,
        journal: run.journal,
        staged: run.staged,
        limiter: new AimdLimiter({ max: 2 }),
      });
      expect(result.kept).toEqual([]);
      expect(Object.values(result.removed).reduce((n, c) => n + (c ?? 0), 0)).toBe(removed);
      expect(sim.state.accounts.get(account)).toBeUndefined();
      expect(sim.state.contacts.get(contactId)).toBeUndefined();
      expect(sim.state.accounts.rows.size).toBe(before.accounts - 1);
      expect(sim.state.accountServices.rows.size).toBe(before.services - servicesOf10048);
      expect(run.journal.get('accounts', '10048')?.state).toBe('rolled_back');
      expect(run.journal.get('contacts', contact.legacyKey)?.state).toBe('rolled_back');
      expect(removedCount(reopen(sample))).toBe(0);

      // Nothing left to remove: a second pass sends nothing.
      const sent = deletes();
      const again = await applyRemovals({
        client,
        journal: run.journal,
        staged: run.staged,
        limiter: new AimdLimiter({ max: 2 }),
      });
      expect(again).toEqual({ removed: {}, kept: [] });
      expect(deletes()).toBe(sent);
      await client.close();
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('after a run that died between journaling a removal and its answer, only confirms the absence', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      const contact = [...sample.staged.valid('contacts')].find((r) => r.accountKey === '10072');
      if (!contact) throw new Error('account 10072 has no contact');
      const entry = sample.journal.get('contacts', contact.legacyKey);
      const accountId = Number(sample.journal.get('accounts', '10072')?.sonarId);
      sample.db.exec(`DELETE FROM staged WHERE step = 'contacts' AND legacy_key = '${contact.legacyKey}'`);
      // What the dead run left: the removal journaled, the DELETE landed in Sonar.
      sample.journal.markUpdatePending('contacts', contact.legacyKey, [removingMark]);
      sim.state.contacts.delete(Number(entry?.sonarId));
      const deletes = () => sim.requestCounts()['DELETE /accounts/:account_id/contacts/:contact_id'] ?? 0;
      const sent = deletes();
      const client = testClient(sim);
      const run = reopen(sample);
      const result = await applyRemovals({
        client,
        journal: run.journal,
        staged: run.staged,
        limiter: new AimdLimiter({ max: 2 }),
      });
      await client.close();
      expect(result).toEqual({ removed: { contacts: 1 }, kept: [] });
      expect(deletes()).toBe(sent);
      expect(run.journal.get('contacts', contact.legacyKey)).toMatchObject({
        state: 'rolled_back',
        pendingUpdate: null,
      });
      expect(sim.state.contacts.list((c) => c.account_id === accountId).length).toBeGreaterThan(0);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
