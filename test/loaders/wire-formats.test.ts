import { afterEach, describe, expect, it } from 'vitest';
import type { StagedRecord } from '../../src/ground/types.js';
import { fetchReferenceData, geocodeAddress, resolveRecord } from '../../src/loaders/reference-data.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import {
  cloneSample,
  loadOnce,
  smallAccounts,
  stagedTemplate,
  startTestSimulator,
  testClient,
} from './harness.js';
import { type RecordedBodies, recordingRoutes } from './recording-routes.js';

const template = stagedTemplate();
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function inScope(step: 'credit_cards' | 'bank_accounts') {
  return [...template().staged.valid(step)].filter((r) => smallAccounts.has(r.accountKey ?? ''));
}

describe('what goes over the wire', () => {
  it('sends a two-digit expiration_month ("07") and only line1, city, state and country to validate_address', async () => {
    const bodies: RecordedBodies = new Map();
    sim = await startTestSimulator({ routes: recordingRoutes(bodies) });
    const result = await loadOnce(cloneSample(template()), sim, { accounts: smallAccounts });
    expect(result.fatal).toBeUndefined();
    // doc ~9257: "a 2 digit expiration month".
    const cards = (bodies.get('POST /accounts/:account_id/tokenized_payment_method') ?? []).filter(
      (b) => b.type === 'credit card',
    );
    const staged = inScope('credit_cards').map((r) => String(r.payload.expiration_month).padStart(2, '0'));
    expect(cards.map((b) => b.expiration_month).sort()).toEqual(staged.sort());
    expect(cards.every((b) => typeof b.expiration_month === 'string')).toBe(true);
    // doc ~21323: the documented fields only (no county, zip or line2).
    const validations = bodies.get('POST /_data/validate_address') ?? [];
    expect(new Set(validations.map((b) => Object.keys(b).sort().join(',')))).toEqual(
      new Set(['city,country,line1,state']),
    );
  });

  it('settles a bank account Sonar lists as "ach" after a lost answer, without sending it twice', async () => {
    // doc ~10103: a payment method's type may be answered "ach" for what was sent as "echeck".
    const bodies: RecordedBodies = new Map();
    sim = await startTestSimulator({
      routes: recordingRoutes(bodies, (key, response) => {
        if (key !== 'GET /accounts/:account_id/payment_methods') return response;
        const body = response.body as { data: Array<Record<string, unknown>> };
        const data = body.data.map((m) => (m.type === 'echeck' ? { ...m, type: 'ach' } : m));
        return { ...response, body: { ...body, data } };
      }),
    });
    const banks = inScope('bank_accounts');
    sim.faults.add({
      method: 'POST',
      pattern: '/accounts/:account_id/tokenized_payment_method',
      kind: 'commit-then-drop',
      count: 99,
    });
    const sample = cloneSample(template());
    const result = await loadOnce(sample, sim, {
      accounts: smallAccounts,
      only: ['accounts', 'bank_accounts'],
    });
    expect(result.fatal).toBeUndefined();
    const sent = (bodies.get('POST /accounts/:account_id/tokenized_payment_method') ?? []).length;
    expect(sent).toBe(banks.length);
    expect(sim.state.paymentMethods.rows.size).toBe(banks.length);
    expect(banks.map((r) => sample.journal.get('bank_accounts', r.legacyKey)?.state)).toEqual(
      banks.map(() => 'loaded'),
    );
  });
});

describe('a US address without a county', () => {
  const usAddress = (state: string): StagedRecord => ({
    step: 'addresses',
    legacyKey: 'addresses:500:2',
    accountKey: '500',
    payload: {
      address_type_id: 2,
      line1: '1 Main St',
      city: 'Springfield',
      state,
      county: null,
      zip: '54301',
      country: 'US',
      latitude: 44.5,
      longitude: -88,
    },
    refs: [{ path: 'county', lookup: 'geocode', name: '' }],
    source: { input: 'addresses', provenance: { file: 'addresses.csv', row: 7 }, values: [], columns: [] },
  });

  it('gets its county from Sonar’s validate_address at load, keeping the coordinates given', async () => {
    sim = await startTestSimulator();
    const client = testClient(sim);
    try {
      const resolved = await resolveRecord(usAddress('Wisconsin'), await fetchReferenceData(client), {
        accountId: () => 1,
        geocode: (address) => geocodeAddress(client, address),
      });
      if (!('record' in resolved)) throw new Error(resolved.unresolved.message);
      // The simulator answers a state's first county (seed-geo.ts): Brown Co. for Wisconsin.
      expect(resolved.record.payload).toMatchObject({ county: 'Brown Co.', latitude: 44.5, longitude: -88 });
    } finally {
      await client.close();
    }
  });

  it('is not loaded when Sonar finds no county either, with what to do', async () => {
    sim = await startTestSimulator();
    const client = testClient(sim);
    try {
      // The seed has no county list for Vermont: validate_address answers county null.
      const resolved = await resolveRecord(usAddress('Vermont'), await fetchReferenceData(client), {
        accountId: () => 1,
        geocode: (address) => geocodeAddress(client, address),
      });
      expect(resolved).toEqual({
        unresolved: {
          code: 'JOURNAL_UNRESOLVED_REF',
          message:
            "the county is blank and Sonar's /_data/validate_address found none for this US address: Sonar requires a county for US addresses (it drives geo taxes) — fill the county column with a county from /_data/counties",
        },
      });
    } finally {
      await client.close();
    }
  });
});
