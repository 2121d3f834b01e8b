import { describe, expect, it } from 'vitest';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  reopen,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  writeCount,
} from './harness.js';

const template = stagedTemplate();

/** The small accounts' contacts and addresses, as an edited source would stage them. */
function editSource(sample: ReturnType<typeof cloneSample>): void {
  const scope = [...smallAccounts].map((k) => `'${k}'`).join(',');
  sample.db.exec(`
    UPDATE staged SET payload = json_set(payload, '$.email_address', 'moved.' || json_extract(payload, '$.email_address'))
      WHERE step = 'contacts' AND account_key IN (${scope});
    UPDATE staged SET payload = json_set(payload, '$.line1', json_extract(payload, '$.line1') || ' Rear')
      WHERE step = 'addresses' AND account_key IN (${scope});
    UPDATE staged SET payload = json_set(payload, '$.name', json_extract(payload, '$.name') || ' Ltd')
      WHERE step = 'accounts' AND legacy_key IN (${scope});
    UPDATE staged SET payload = json_set(payload, '$.due_days', 30)
      WHERE step = 'billing_parameters' AND account_key IN (${scope});
  `);
}

describe('a load after the source changed (delta)', () => {
  it('updates an edited contact and address in place, exactly once, even when the answer to the update is lost', async () => {
    const sim = await startTestSimulator();
    try {
      const first = cloneSample(template());
      await loadOnce(first, sim, { accounts: smallAccounts });
      const contactCount = sim.state.contacts.rows.size;
      const addressCount = sim.state.addresses.rows.size;
      const posts = sim.requestCounts()['POST /accounts/:account_id/contacts'];
      // One small account already has 30 due days: its billing parameters do not change.
      const billingChanged = [...first.staged.valid('billing_parameters')].filter(
        (r) => smallAccounts.has(r.accountKey ?? '') && r.payload.due_days !== 30,
      ).length;
      editSource(first);
      const contacts = [...first.staged.valid('contacts')].filter((r) =>
        smallAccounts.has(r.accountKey ?? ''),
      );
      const addresses = [...first.staged.valid('addresses')].filter((r) =>
        smallAccounts.has(r.accountKey ?? ''),
      );
      expect(contacts.length).toBeGreaterThan(1);
      expect(addresses.length).toBeGreaterThan(0);

      // The first update lands in Sonar, and its answer never comes back.
      sim.faults.commitThenDrop({ method: 'PATCH', pattern: '/accounts/:account_id/contacts/:contact_id' });
      // One send per record in this run: the lost answer leaves the update pending for the next.
      const second = await loadOnce(reopen(first), sim, { accounts: smallAccounts, maxSends: 1 });
      const tally = (r: typeof second, step: string) => r.steps.find((s) => s.step === step);
      expect(tally(second, 'contacts')).toMatchObject({
        updated: contacts.length - 1,
        changedSinceLoaded: 1,
        created: 0,
      });
      expect(tally(second, 'addresses')).toMatchObject({ updated: addresses.length, created: 0 });
      expect(tally(second, 'accounts')).toMatchObject({ updated: smallAccounts.size, changedSinceLoaded: 0 });
      for (const key of smallAccounts) {
        const id = Number(first.journal.get('accounts', key)?.sonarId);
        expect(sim.state.accounts.get(id)?.name).toMatch(/ Ltd$/);
      }
      const billing = [...first.staged.valid('billing_parameters')].filter((r) =>
        smallAccounts.has(r.accountKey ?? ''),
      );
      expect(tally(second, 'billing_parameters')).toMatchObject({
        updated: billingChanged,
        changedSinceLoaded: 0,
      });
      const pending = [...first.journal.entries('contacts', 'loaded')].filter(
        (e) => e.pendingUpdate !== null,
      );
      expect(pending.map((e) => e.pendingUpdate)).toEqual([['email_address']]);

      // A re-run (as after a crash) sends the pending update again: the same values, one record.
      const third = await loadOnce(reopen(first), sim, { accounts: smallAccounts });
      expect(tally(third, 'contacts')).toMatchObject({ updated: 1, changedSinceLoaded: 0, created: 0 });
      expect(
        [...first.journal.entries('contacts', 'loaded')].filter((e) => e.pendingUpdate !== null),
      ).toEqual([]);

      expect(sim.state.contacts.rows.size).toBe(contactCount);
      expect(sim.state.addresses.rows.size).toBe(addressCount);
      expect(sim.requestCounts()['POST /accounts/:account_id/contacts']).toBe(posts);
      for (const r of contacts) {
        const id = Number(first.journal.get('contacts', r.legacyKey)?.sonarId);
        expect(sim.state.contacts.get(id)?.email_address).toBe(r.payload.email_address);
      }
      for (const r of addresses) {
        const id = Number(first.journal.get('addresses', r.legacyKey)?.sonarId);
        expect(sim.state.addresses.get(id)?.line1).toBe(r.payload.line1);
      }
      for (const r of billing) {
        const id = Number(first.journal.get('accounts', r.accountKey ?? '')?.sonarId);
        expect(sim.state.billingParameters.get(id)?.due_days).toBe(30);
      }
      expect(exactlyOnceProblems(first, sim, smallAccounts)).toEqual([]);

      // Nothing changed since: a fourth run sends nothing.
      const writes = writeCount(sim);
      const fourth = await loadOnce(reopen(first), sim, { accounts: smallAccounts });
      expect(tally(fourth, 'contacts')).toMatchObject({ updated: 0, changedSinceLoaded: 0 });
      expect(writeCount(sim)).toBe(writes);
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('sends an update again in the same run when its answer is lost', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      editSource(sample);
      sim.faults.commitThenDrop({ method: 'PATCH', pattern: '/accounts/:account_id/contacts/:contact_id' });
      const patches = () => sim.requestCounts()['PATCH /accounts/:account_id/contacts/:contact_id'] ?? 0;
      const result = await loadOnce(reopen(sample), sim, { accounts: smallAccounts });
      const contacts = [...sample.staged.valid('contacts')].filter((r) =>
        smallAccounts.has(r.accountKey ?? ''),
      );
      expect(result.steps.find((s) => s.step === 'contacts')).toMatchObject({
        updated: contacts.length,
        changedSinceLoaded: 0,
      });
      expect(patches()).toBe(contacts.length + 1);
      expect(
        [...sample.journal.entries('contacts', 'loaded')].filter((e) => e.pendingUpdate !== null),
      ).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
