import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { resolveProfile } from '../../../src/mappers/profiles/index.js';
import { makeTempDir } from '../../helpers/io.js';
import { mapInput } from '../map-input.js';
import { fixtureDir, mapFixture, payloadsOf, rejectionsOf } from './builtin-helpers.js';

/** The splynx fixture copied to a temp dir with one JSON file changed, and one input mapped. */
async function mapEdited(
  file: string,
  edit: (records: Array<Record<string, unknown>>) => void,
  step: 'accounts' | 'did_inventory',
) {
  const dir = makeTempDir();
  cpSync(fixtureDir('splynx'), dir, { recursive: true });
  const records = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  edit(records);
  writeFileSync(join(dir, file), JSON.stringify(records));
  const config = await loadConfig(join(dir, 'migration.json'));
  const input = config.inputs[step];
  if (!input) throw new Error(`the fixture has no ${step} input`);
  return mapInput(await resolveProfile(config), step, input);
}

describe('the splynx built-in profile (Splynx API v2.0 lists)', () => {
  it('reads customers by their Splynx id, with the API field names', async () => {
    const { profile, out } = await mapFixture('splynx');
    expect(profile.name).toBe('splynx');
    expect(payloadsOf(out.get('accounts'), '1')).toEqual([
      expect.objectContaining({
        name: 'Ray Sin', // "Ray  Sin": spaces collapsed, never split
        account_type_id: 1,
        account_status_id: 2,
        line1: '94 Random St', // street_1
        zip: '54301', // zip_code
        state: 'Wisconsin', // subdivision_id 49
        phone_numbers: { mobile: { number: '9205550123' } },
      }),
    ]);
    expect(payloadsOf(out.get('billing_parameters'), '2')).toEqual([{ bill_day: 15 }]); // customer-billing
  });

  it('keys each service by its type and Splynx id: two voice lines on one tariff are two services', async () => {
    const { out } = await mapFixture('splynx');
    const services = out.get('services');
    expect(rejectionsOf(services)).toEqual([]);
    expect(services?.records.map((r) => r.legacyKey)).toEqual([
      'services:internet 28',
      'services:internet 30',
      'services:internet 31',
      'services:internet 34',
      // Voice ids are their own sequence: voice 28 is not internet 28.
      'services:voice 28',
      'services:voice 29',
      'services:voice 33',
      'services:voice 35',
    ]);
    expect(payloadsOf(services, '2').slice(1)).toEqual([
      { service_id: null, quantity: 1, price_override: 34.99, name_override: 'Business line' },
      { service_id: null, quantity: 1, price_override: 34.99, name_override: 'Business line' },
    ]);
  });

  it('inventories each running voice number with the rate center of its area code', async () => {
    const { out } = await mapFixture('splynx');
    const inventory = out.get('did_inventory');
    expect(inventory?.records.map((r) => [r.legacyKey, r.payload, r.refs])).toEqual([
      [
        'did_inventory:9205550100',
        { dids: ['9205550100'], rate_center_id: null },
        [{ path: 'rate_center_id', lookup: 'rate_centers', name: 'Green Bay, WI' }],
      ],
      [
        'did_inventory:9205550140',
        { dids: ['9205550140'], rate_center_id: null },
        [{ path: 'rate_center_id', lookup: 'rate_centers', name: 'Green Bay, WI' }],
      ],
      [
        'did_inventory:9205550141',
        { dids: ['9205550141'], rate_center_id: null },
        [{ path: 'rate_center_id', lookup: 'rate_centers', name: 'Green Bay, WI' }],
      ],
      ['did_inventory:5125550188', { dids: ['5125550188'], rate_center_id: 3 }, []],
    ]);
    // The stopped line (voice 36, 512-555-0189) is neither inventoried nor assigned.
    expect(out.get('dids')?.records.map((r) => r.payload.did)).toEqual([
      '9205550100',
      '9205550140',
      '9205550141',
      '5125550188',
    ]);
  });

  it('refuses a number whose area code has no rate center, naming the crosswalk to add', async () => {
    const result = await mapEdited(
      'voice-services.json',
      (voice) => {
        (voice[0] as { phone: string }).phone = '414-555-0100';
      },
      'did_inventory',
    );
    expect(rejectionsOf(result)).toEqual([
      {
        code: 'MAP_INVALID_VALUE',
        row: 1,
        column: 'phone',
        message: expect.stringContaining(
          'has area code 414, which has no rate center in crosswalk "rate_centers" — add "414": <Sonar rate center id or name> to it',
        ),
      },
    ]);
  });

  it('names a bad JSON value by file, record number and field', async () => {
    const result = await mapEdited(
      'customers.json',
      (customers) => {
        (customers[2] as { phone: string }).phone = '555-0131';
      },
      'accounts',
    );
    const [rejection] = result.rejections;
    expect(rejection?.source.provenance).toMatchObject({ file: 'customers.json', row: 3, column: 'phone' });
    // The copy of the row kept for the rejected CSV holds no password (a column the profile never reads).
    const cells = Object.fromEntries(
      rejection?.source.columns.map((c, i) => [c, rejection.source.values[i]]) ?? [],
    );
    expect(cells).toMatchObject({ login: 'laura', password: '[redacted]', phone: '555-0131' });
    expect(rejection?.message).toBe(
      'customers.json:3 column "phone" (legacy 3): phone number "555-0131" has 7 digits, not 10 — write it as NXX-NXX-XXXX (area code first)',
    );
  });
});
