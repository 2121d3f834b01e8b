import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planMigration } from '../../src/loaders/plan.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { SimState } from '../../src/simulator/state.js';
import { type StagedSample, stageSample, startTestSimulator, testClient } from './harness.js';

// Sonar refuses an IP that fits no customer/mixed subnet nor IP pool
// (sonar-v1-account-ip-addresses.txt line 30): plan reads the target's IPAM and names each such row.

let sample: StagedSample;
let sim: RunningSimulator;

beforeAll(async () => {
  sample = await stageSample();
  // The samples' IPs are 100.64.1.1–100.64.1.24; this Sonar only has a customer /28 and a pool.
  const state = new SimState({
    supernets: [{ id: 3, name: 'CGNAT', subnet: '100.64.0.0/10' }],
    subnets: [
      { id: 1, name: 'Customers A', subnet: '100.64.1.0/28', type: 'customer', supernet_id: 3 },
      { id: 2, name: 'Backbone', subnet: '100.64.1.16/28', type: 'infrastructure', supernet_id: 3 },
    ],
    ip_pools: [{ id: 9, name: 'Pool', subnet_id: 2, start: '100.64.1.16', end: '100.64.1.20' }],
  });
  sim = await startTestSimulator({ state });
});

afterAll(async () => {
  await sim.close();
});

async function planAgainstSim() {
  const client = testClient(sim);
  try {
    const reference = await fetchReferenceData(client, { ipam: true });
    return planMigration(sample.staged, reference, reference, sample.journal);
  } finally {
    await client.close();
  }
}

describe('plan checks IP assignments against the target’s IPAM', () => {
  it('names every IP that fits no customer/mixed subnet nor IP pool by file:row, with what to create', async () => {
    const plan = await planAgainstSim();
    const conflicts = plan.conflicts.filter((c) => c.step === 'ip_assignments');
    const outside = [...sample.staged.valid('ip_assignments')]
      .filter((r) => {
        const last = Number(String(r.payload.subnet).split('/')[0]?.split('.')[3]);
        return last >= 21; // .1–.15 fit the /28, .16–.20 the pool
      })
      .map((r) => r.legacyKey)
      .sort();
    expect(conflicts.map((c) => c.legacyKey).sort()).toEqual(outside);
    expect(outside).toHaveLength(4);
    expect(conflicts.every((c) => c.code === 'PLAN_CONFLICT')).toBe(true);
    const one = conflicts.find((c) => c.message.includes('100.64.1.21/32'));
    expect(one?.message).toMatch(
      /^ip_assignments\.csv:\d+ \(legacy [^)]+\): IP 100\.64\.1\.21\/32 fits in no customer or mixed subnet nor IP pool of this Sonar, which refuses it — create in Sonar's IPAM a customer \(or mixed\) subnet holding it, e\.g\. 100\.64\.1\.0\/24, in supernet "CGNAT" \(100\.64\.0\.0\/10\), or an IP pool holding it$/,
    );
    expect(plan.steps.find((s) => s.step === 'ip_assignments')?.conflict).toBe(4);
  });

  it('reads nothing from IPAM when not asked, and then finds no IP conflict', async () => {
    const client = testClient(sim);
    try {
      const reference = await fetchReferenceData(client);
      expect(reference.ipam).toBeUndefined();
    } finally {
      await client.close();
    }
  });
});

describe('plan refuses a next bill date on a service this Sonar bills monthly', () => {
  it('rejects the services whose catalogue entry is not multi-month, naming the service (doc ~10887)', async () => {
    const client = testClient(sim);
    try {
      const reference = await fetchReferenceData(client);
      // This Sonar bills service 20 ("6 Months Prepaid" in the seed) every month.
      const monthly = {
        ...reference,
        services: reference.services.map((s) => (s.id === 20 ? { ...s, billingFrequencyInMonths: 1 } : s)),
      };
      const plan = planMigration(sample.staged, monthly, monthly, sample.journal);
      const dated = [...sample.staged.valid('services')]
        .filter((r) => r.payload.service_id === 20 && r.payload.next_bill_date !== undefined)
        .map((r) => r.legacyKey)
        .sort();
      expect(dated).toHaveLength(6);
      const rejected = plan.rejections.filter((p) => p.step === 'services');
      expect(rejected.map((p) => p.legacyKey).sort()).toEqual(dated);
      expect(rejected[0]?.message).toContain(
        'service 20 "Wireless 25/5 - 6 Months Prepaid" bills every month in this Sonar, and Sonar takes a next bill date only on multi-month services',
      );
    } finally {
      await client.close();
    }
  });
});
