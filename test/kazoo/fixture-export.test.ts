import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { setPath } from '../../src/ground/payload-paths.js';
import type { StagedRecord } from '../../src/ground/types.js';
import { prepareKazoo, readKazooRows } from '../../src/kazoo/stage-kazoo.js';
import { payloadSchemas } from '../../src/sonar/schemas/index.js';
import { ACCOUNT_A, ACCOUNT_B, fileSettings, SONAR_ACCOUNT } from './kazoo-fixtures.js';

/** The records of one step, by legacy key. */
function byKey(records: StagedRecord[], step: string): Map<string, StagedRecord> {
  return new Map(records.filter((r) => r.step === step).map((r) => [r.legacyKey, r]));
}

describe('reading a saved phone_numbers export', () => {
  it('turns each supported number into a did_inventory row with its rate center', async () => {
    const { records } = await readKazooRows(prepareKazoo(fileSettings(), {}));
    const inventory = byKey(records, 'did_inventory');
    expect([...inventory.keys()].sort()).toEqual(
      ['2065550100', '3125550000', '4155550199', '4155555555', '4158865100', '5125550123', '7155551234'].map(
        (d) => `did_inventory:${d}`,
      ),
    );
    expect(inventory.get('did_inventory:4155555555')?.payload).toEqual({
      dids: ['4155555555'],
      rate_center_id: 7,
    });
    // A rate center by NPA, named: resolved against Sonar at plan time.
    const seattle = inventory.get('did_inventory:2065550100');
    expect(seattle?.payload).toEqual({ dids: ['2065550100'], rate_center_id: null });
    expect(seattle?.refs).toEqual([{ path: 'rate_center_id', lookup: 'rate_centers', name: 'Seattle, WA' }]);
  });

  it('assigns in-service numbers of a mapped Kazoo account to its Sonar account and voice service', async () => {
    const { records } = await readKazooRows(prepareKazoo(fileSettings(), {}));
    const dids = byKey(records, 'dids');
    // Reserved (5125550123) and the unmapped sub-account's number (7155551234) stay inventory only;
    // a number with no assigned_to belongs to the listing's account.
    expect([...dids.keys()].sort()).toEqual(
      ['2065550100', '3125550000', '4155550199', '4155555555', '4158865100'].map((d) => `dids:${d}`),
    );
    const one = dids.get('dids:4158865100');
    expect(one?.accountKey).toBe(SONAR_ACCOUNT);
    expect(one?.payload).toEqual({ did: '4158865100', service_id: 31 });
    expect(one?.source.provenance).toEqual({
      file: 'phone_numbers.json',
      row: 8,
      column: 'data.numbers["+14158865100"]',
      legacyKey: 'dids:4158865100',
    });
    expect(one?.source.values).toEqual(['+14158865100', ACCOUNT_A, 'in_service', '']);
  });

  it('rejects every number Sonar cannot hold, or in a state not migrated, with its reason and provenance', async () => {
    const { rejections } = await readKazooRows(prepareKazoo(fileSettings(), {}));
    const numbers = rejections.filter((r) => r.source.input === 'did_inventory');
    const got = Object.fromEntries(numbers.map((r) => [r.source.provenance.legacyKey, r.code]));
    expect(got).toEqual({
      '+10005550100': 'MAP_DID_UNSUPPORTED',
      '+14115551234': 'MAP_DID_UNSUPPORTED',
      '+18005550199': 'MAP_DID_UNSUPPORTED',
      '+18765550100': 'MAP_DID_UNSUPPORTED',
      '+19005550100': 'MAP_DID_UNSUPPORTED',
      '+41234567': 'MAP_DID_UNSUPPORTED',
      '+442071838750': 'MAP_DID_UNSUPPORTED',
      '33669': 'MAP_DID_UNSUPPORTED',
      '+14155550100': 'MAP_DID_STATE_EXCLUDED',
      '+14155550111': 'MAP_DID_STATE_EXCLUDED',
    });
    const uk = numbers.find((r) => r.source.provenance.legacyKey === '+442071838750');
    expect(uk?.source.provenance).toEqual({
      file: 'phone_numbers.json',
      row: 15,
      column: 'data.numbers["+442071838750"]',
      legacyKey: '+442071838750',
    });
    expect(uk?.message).toBe(
      'phone_numbers.json:15 column "data.numbers["+442071838750"]" (legacy +442071838750): "+442071838750" is not a US number (country code +44) — Sonar holds only 10-digit US DIDs; leave it in Kazoo (or port it to a US number)',
    );
    const released = numbers.find((r) => r.source.provenance.legacyKey === '+14155550100');
    expect(released?.message).toMatch(/Kazoo state "released": only in_service and reserved/);
  });

  it('rejects a number whose area code has no rate center when there is no default', async () => {
    const settings = fileSettings({ rateCenter: { byNpa: { '415': 3 } } });
    const { records, rejections } = await readKazooRows(prepareKazoo(settings, {}));
    const missing = rejections.find((r) => r.source.provenance.legacyKey === '+12065550100');
    expect(missing?.code).toBe('MAP_MISSING_REQUIRED');
    expect(missing?.message).toMatch(
      /no rate center for area code 206 — add "206" to kazoo.rate_center.by_npa/,
    );
    expect(byKey(records, 'did_inventory').get('did_inventory:4155555555')?.payload).toEqual({
      dids: ['4155555555'],
      rate_center_id: 3,
    });
  });

  it('makes no assignment when no Kazoo account maps to a Sonar account', async () => {
    const settings = fileSettings({ accounts: { [ACCOUNT_B]: 'ACC-2002' }, services: undefined });
    const { records } = await readKazooRows(prepareKazoo(settings, {}));
    const dids = records.filter((r) => r.step === 'dids');
    expect(dids.map((r) => r.legacyKey)).toEqual(['dids:7155551234']);
    expect(dids[0]?.accountKey).toBe('ACC-2002');
  });

  it('stages only records that validate against their Sonar payload schemas', async () => {
    const { records } = await readKazooRows(prepareKazoo(fileSettings(), {}));
    expect(records.length).toBe(7 + 5 + 4);
    for (const record of records) {
      const candidate = structuredClone(record.payload);
      for (const ref of record.refs) setPath(candidate, ref.path, 1);
      const schema = payloadSchemas[record.step as keyof typeof payloadSchemas] as z.ZodType;
      expect(schema.safeParse(candidate).success, record.legacyKey).toBe(true);
    }
  });
});
