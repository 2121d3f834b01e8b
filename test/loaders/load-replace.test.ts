import { describe, expect, it } from 'vitest';
import { planMigration } from '../../src/loaders/plan.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { replacingMark } from '../../src/loaders/replace-record.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  reopen,
  type StagedSample,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  testClient,
} from './harness.js';

const template = stagedTemplate();

/** The one staged record of `step` whose payload `field` is `value`. */
function recordWith(sample: StagedSample, step: 'credit_cards' | 'dids', field: string, value: unknown) {
  const found = [...sample.staged.valid(step)].filter((r) => r.payload[field] === value);
  expect(found).toHaveLength(1);
  return found[0] as NonNullable<(typeof found)[0]>;
}

describe('a delta load that replaces what no update can carry (delete + create)', () => {
  it('replaces a card with a new token and a moved DID exactly once, across a stop between the delete and the create', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      const card = recordWith(sample, 'credit_cards', 'identifier', '5903');
      const did = recordWith(sample, 'dids', 'did', '7162000009');
      expect(did.accountKey).toBe('10048');
      const oldCard = Number(sample.journal.get('credit_cards', card.legacyKey)?.sonarId);
      const oldDid = Number(sample.journal.get('dids', did.legacyKey)?.sonarId);
      const methods = sim.state.paymentMethods.rows.size;
      // A new card: a new token with its new last 4 (the journal keeps nothing of a token, so the
      // change shows in the fields that come with it), and a DID moved to another account with
      // the same voice service.
      sample.db.exec(`
        UPDATE staged SET payload = json_set(payload, '$.token', 'tok_replacement0000000009999', '$.identifier', '9999')
          WHERE step = 'credit_cards' AND legacy_key = '${card.legacyKey}';
        UPDATE staged SET account_key = '10072' WHERE step = 'dids' AND legacy_key = '${did.legacyKey}';
      `);

      const client = testClient(sim);
      const reference = await fetchReferenceData(client);
      await client.close();
      const plan = planMigration(sample.staged, reference, reference, sample.journal);
      const planned = (step: string) => plan.steps.find((s) => s.step === step);
      expect(planned('credit_cards')).toMatchObject({ replace: 1, update: 0 });
      expect(planned('dids')).toMatchObject({ replace: 1, update: 0 });

      // The old card is deleted; the create of the new one is refused: the run stops between the two.
      sim.faults.failNext({
        method: 'POST',
        pattern: '/accounts/:account_id/tokenized_payment_method',
        status: 422,
      });
      // The DID's new assignment lands, and its answer is lost: the same run looks and finds it.
      sim.faults.commitThenDrop({ method: 'POST', pattern: '/accounts/:account_id/dids' });
      const second = await loadOnce(reopen(sample), sim, { accounts: smallAccounts });
      const tally = (r: typeof second, step: string) => r.steps.find((s) => s.step === step);
      expect(tally(second, 'credit_cards')).toMatchObject({ replaced: 0, unsettled: 1, created: 0 });
      expect(tally(second, 'dids')).toMatchObject({ replaced: 1, changedSinceLoaded: 0, created: 0 });
      expect(sim.state.paymentMethods.get(oldCard)).toBeUndefined();
      expect(sim.state.paymentMethods.rows.size).toBe(methods - 1);
      const between = reopen(sample);
      expect(between.journal.get('credit_cards', card.legacyKey)?.pendingUpdate).toEqual([replacingMark]);

      // The next run goes on from there: the card is created.
      const third = await loadOnce(reopen(sample), sim, { accounts: smallAccounts });
      expect(tally(third, 'credit_cards')).toMatchObject({ replaced: 1, changedSinceLoaded: 0, created: 0 });
      expect(tally(third, 'dids')).toMatchObject({ replaced: 0, changedSinceLoaded: 0, created: 0 });
      const after = reopen(sample);
      const cardEntry = after.journal.get('credit_cards', card.legacyKey);
      expect(cardEntry?.pendingUpdate).toBeNull();
      expect(Number(cardEntry?.sonarId)).not.toBe(oldCard);
      const newCard = sim.state.paymentMethods.get(Number(cardEntry?.sonarId));
      expect(newCard?.token).toBe('tok_replacement0000000009999');
      expect(sim.state.paymentMethods.rows.size).toBe(methods);
      const didEntry = after.journal.get('dids', did.legacyKey);
      expect(didEntry?.accountKey).toBe('10072');
      const account = Number(after.journal.get('accounts', '10072')?.sonarId);
      const assigned = sim.state.dids.list((d) => d.did === '7162000009');
      expect(assigned.map((d) => d.account_id)).toEqual([account]);
      expect(Number(didEntry?.sonarId)).toBe(assigned[0]?.id);
      expect(oldDid).toBeGreaterThan(0);
      expect(exactlyOnceProblems(after, sim, smallAccounts)).toEqual([]);

      // Settled: a fourth run replaces nothing.
      const fourth = await loadOnce(reopen(sample), sim, { accounts: smallAccounts });
      expect(tally(fourth, 'credit_cards')).toMatchObject({ replaced: 0, changedSinceLoaded: 0 });
      expect(tally(fourth, 'dids')).toMatchObject({ replaced: 0, changedSinceLoaded: 0 });
    } finally {
      await sim.close();
    }
  }, 60_000);
});
