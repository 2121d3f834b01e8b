import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StagedRecord } from '../../src/ground/types.js';
import { fetchReferenceData, resolveName, resolveRecord } from '../../src/loaders/reference-data.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';
import { startTestSimulator, testClient, writeCount } from './harness.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

function accountRecord(overrides: Partial<StagedRecord> = {}): StagedRecord {
  return {
    step: 'accounts',
    legacyKey: '500',
    accountKey: '500',
    payload: {
      name: 'Parent Co',
      account_type_id: null,
      account_status_id: 2,
      sub_accounts: [null],
      line1: '1 Main St',
      city: 'Green Bay',
      state: 'Wisconsin',
      county: null,
      zip: '54301',
      country: 'US',
      latitude: null,
      longitude: null,
      contact_name: 'Pat',
      role: 'Owner',
      email_message_categories: [],
    },
    refs: [
      { path: 'account_type_id', lookup: 'account_types', name: ' commercial ' },
      { path: 'sub_accounts.0', lookup: 'accounts', name: '501' },
      { path: 'latitude', lookup: 'geocode', name: '' },
    ],
    source: { input: 'accounts', provenance: { file: 'accounts.csv', row: 2 }, values: [], columns: [] },
    ...overrides,
  };
}

describe('reference data', () => {
  it('reads the catalogue, the existing accounts and the DID inventory without writing', async () => {
    sim = await startTestSimulator();
    const client = testClient(sim);
    const reference = await fetchReferenceData(client);
    await client.close();
    expect(reference.accountTypes.map((t) => t.name)).toEqual(['Residential', 'Commercial']);
    expect(reference.services.find((s) => s.id === 10)).toMatchObject({
      voiceService: true,
      type: 'recurring',
    });
    expect(reference.services.find((s) => s.id === 30)).toMatchObject({ type: 'one time' });
    expect(reference.accounts.size).toBe(0);
    expect(reference.didInventory.size).toBe(0);
    expect(writeCount(sim)).toBe(0);
  });

  it('reads the DID inventory page by page into the state file, the same DIDs a Map holds', async () => {
    sim = await startTestSimulator();
    // 2,350 DIDs: 24 pages of Sonar's listing, three batches of the store.
    for (let i = 0; i < 2_350; i += 1)
      sim.state.dids.insert({
        id: i + 1,
        did: String(9_202_000_000 + i),
        account_id: i % 3 === 0 ? 500 + i : null,
        service_id: i % 3 === 0 ? 10 : null,
        rate_center_id: 1 + (i % 2),
      });
    const client = testClient(sim);
    const db = openStateDb(join(makeTempDir(), 'state.db'));
    const stored = await fetchReferenceData(client, { accounts: false, didStore: db });
    const inMemory = await fetchReferenceData(client, { accounts: false });
    await client.close();
    expect(stored.didInventory).not.toBeInstanceOf(Map);
    expect(inMemory.didInventory).toBeInstanceOf(Map);
    expect(stored.didInventory.size).toBe(2_350);
    expect(db.prepare('SELECT count(*) FROM temp.reference_dids').pluck().get()).toBe(2_350);
    for (const did of ['9202000000', '9202000001', '9202001200', '9202002349'])
      expect(stored.didInventory.get(did)).toEqual(inMemory.didInventory.get(did));
    expect(stored.didInventory.get('9202002348')).toEqual({
      id: 2_349,
      did: '9202002348',
      accountId: null,
      serviceId: null,
      rateCenterId: 1,
    });
    expect(stored.didInventory.get('9202000003')).toMatchObject({ accountId: 503, serviceId: 10 });
    expect(stored.didInventory.get('9209999999')).toBeUndefined();
    expect(writeCount(sim)).toBe(0);
  });

  it('resolves names (case and spaces aside), sub-accounts and a blank address by geocoding', async () => {
    sim = await startTestSimulator();
    const client = testClient(sim);
    const reference = await fetchReferenceData(client);
    const resolved = await resolveRecord(accountRecord(), reference, {
      accountId: (key) => (key === '501' ? 77 : undefined),
      geocode: async () => ({ latitude: 44.5, longitude: -88, county: 'Brown Co.' }),
    });
    await client.close();
    expect('record' in resolved && resolved.record.payload).toMatchObject({
      account_type_id: 2,
      sub_accounts: [77],
      latitude: 44.5,
      longitude: -88,
      county: 'Brown Co.',
    });
  });

  it('names what cannot be resolved and what the target has instead', async () => {
    sim = await startTestSimulator();
    const client = testClient(sim);
    const reference = await fetchReferenceData(client);
    await client.close();
    const record = accountRecord({
      refs: [{ path: 'account_type_id', lookup: 'account_types', name: 'Business' }],
    });
    const resolved = await resolveRecord(record, reference, { accountId: () => undefined });
    expect(resolved).toEqual({
      unresolved: {
        code: 'JOURNAL_UNRESOLVED_REF',
        message:
          'account_type_id: account type "Business" is not in this Sonar\'s account types (it has "Residential", "Commercial"): fix the crosswalk or add it in Sonar',
      },
    });
    const twice = {
      ...reference,
      accountGroups: [
        { id: 1, name: 'VIP' },
        { id: 2, name: 'vip' },
      ],
    };
    expect(resolveName(twice, 'account_groups', 'VIP')).toEqual({
      problem: 'account group "VIP" matches 2 records in Sonar (ids 1, 2): map it to an id instead',
    });
  });

  it('geocodes through Sonar when latitude and longitude are blank', async () => {
    sim = await startTestSimulator();
    const client = testClient(sim);
    const reference = await fetchReferenceData(client);
    const { geocodeAddress } = await import('../../src/loaders/reference-data.js');
    const record = accountRecord({ refs: [{ path: 'latitude', lookup: 'geocode', name: '' }] });
    const resolved = await resolveRecord(record, reference, {
      accountId: () => undefined,
      geocode: (address) => geocodeAddress(client, address),
    });
    await client.close();
    const payload = 'record' in resolved ? resolved.record.payload : {};
    expect(typeof payload.latitude).toBe('number');
    expect(typeof payload.longitude).toBe('number');
    expect(payload.county).toBe(sim.state.reference.counties.Wisconsin?.[0]);
    expect(sim.requestCounts()['POST /_data/validate_address']).toBe(1);
  });
});
