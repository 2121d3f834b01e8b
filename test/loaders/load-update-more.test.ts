import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import {
  cloneSample,
  exactlyOnceProblems,
  loadOnce,
  reopen,
  type StagedSample,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
} from './harness.js';
import { type RecordedBodies, recordingRoutes } from './recording-routes.js';

const template = stagedTemplate();

/** The loaded records of `step` in the small accounts that have a Sonar id (not a one-time charge). */
function loadedOf(sample: StagedSample, step: StepName) {
  return [...sample.staged.valid(step)].filter(
    (r) => smallAccounts.has(r.accountKey ?? '') && sample.journal.get(step, r.legacyKey)?.sonarId != null,
  );
}

/** Sets `json` (a json_set path/value list) on the staged payload of each record. */
function edit(sample: StagedSample, step: StepName, keys: string[], set: string): void {
  const list = keys.map((k) => `'${k.replace(/'/g, "''")}'`).join(',');
  sample.db.exec(
    `UPDATE staged SET payload = json_set(payload, ${set}) WHERE step = '${step}' AND legacy_key IN (${list})`,
  );
}

describe('a delta load of services, payment methods and IP assignments', () => {
  it('updates price overrides, quantities, auto pay and IP descriptions in place, exactly once under a lost answer', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      const services = loadedOf(sample, 'services');
      const cards = loadedOf(sample, 'credit_cards');
      const ips = loadedOf(sample, 'ip_assignments');
      expect(services.length).toBeGreaterThan(1);
      expect(cards.length).toBeGreaterThan(0);
      expect(ips.length).toBeGreaterThan(0);
      const counts = () => ({
        services: sim.state.accountServices.rows.size,
        methods: sim.state.paymentMethods.rows.size,
        ips: sim.state.ipAssignments.rows.size,
      });
      const before = counts();

      edit(
        sample,
        'services',
        services.map((r) => r.legacyKey),
        `'$.price_override', 7.5, '$.quantity', 3`,
      );
      edit(
        sample,
        'credit_cards',
        cards.map((r) => r.legacyKey),
        `'$.auto', json('false')`,
      );
      edit(
        sample,
        'ip_assignments',
        ips.map((r) => r.legacyKey),
        `'$.description', 'moved rack'`,
      );

      // One service update lands and its answer is lost: the same run sends it again.
      sim.faults.commitThenDrop({
        method: 'PATCH',
        pattern: '/accounts/:account_id/services/:unique_service_relationship_id',
      });
      const second = await loadOnce(reopen(sample), sim, { accounts: smallAccounts });
      const tally = (step: string) => second.steps.find((s) => s.step === step);
      expect(tally('services')).toMatchObject({
        updated: services.length,
        created: 0,
        changedSinceLoaded: 0,
      });
      // Cards staged with auto already false did not change.
      const autoCards = cards.filter((r) => r.payload.auto === true).length;
      expect(autoCards).toBeGreaterThan(0);
      expect(tally('credit_cards')).toMatchObject({ updated: autoCards, created: 0, changedSinceLoaded: 0 });
      expect(tally('ip_assignments')).toMatchObject({
        updated: ips.length,
        created: 0,
        changedSinceLoaded: 0,
      });
      const patches = sim.requestCounts();
      expect(patches['PATCH /accounts/:account_id/services/:unique_service_relationship_id']).toBe(
        services.length + 1,
      );
      expect(patches['PATCH /accounts/:account_id/payment_methods/:payment_method_id'] ?? 0).toBe(autoCards);

      expect(counts()).toEqual(before);
      for (const r of services) {
        const row = sim.state.accountServices.get(
          Number(sample.journal.get('services', r.legacyKey)?.sonarId),
        );
        expect(row).toMatchObject({ price_override: 7.5, quantity: 3 });
      }
      for (const r of cards) {
        const method = sim.state.paymentMethods.get(
          Number(sample.journal.get('credit_cards', r.legacyKey)?.sonarId),
        );
        expect(method?.auto).toBe(false);
      }
      for (const r of ips) {
        const row = sim.state.ipAssignments.get(
          Number(sample.journal.get('ip_assignments', r.legacyKey)?.sonarId),
        );
        expect(row?.description).toBe('moved rack');
      }
      expect(exactlyOnceProblems(reopen(sample), sim, smallAccounts)).toEqual([]);

      // Nothing changed since: a third run updates nothing.
      const third = await loadOnce(reopen(sample), sim, { accounts: smallAccounts });
      for (const step of ['services', 'credit_cards', 'ip_assignments'])
        expect(third.steps.find((s) => s.step === step)).toMatchObject({ updated: 0, changedSinceLoaded: 0 });
    } finally {
      await sim.close();
    }
  }, 60_000);

  it('sends only the changed fields of a service, with prorate beside a new quantity', async () => {
    const bodies: RecordedBodies = new Map();
    const sim = await startTestSimulator({ routes: recordingRoutes(bodies) });
    try {
      const sample = cloneSample(template());
      await loadOnce(sample, sim, { accounts: smallAccounts });
      const [first, second] = loadedOf(sample, 'services');
      if (!first || !second) throw new Error('fewer than two services in the small accounts');
      edit(sample, 'services', [first.legacyKey], `'$.quantity', 4`);
      edit(sample, 'services', [second.legacyKey], `'$.price_override_reason', 'loyalty'`);
      await loadOnce(reopen(sample), sim, { accounts: smallAccounts, prorate: true });
      expect(bodies.get('PATCH /accounts/:account_id/services/:unique_service_relationship_id')).toEqual([
        { quantity: 4, prorate: true },
        { price_override_reason: 'loyalty' },
      ]);
      const row = sim.state.accountServices.get(
        Number(sample.journal.get('services', first.legacyKey)?.sonarId),
      );
      expect(row?.quantity).toBe(4);
    } finally {
      await sim.close();
    }
  }, 60_000);
});
