import { describe, expect, it } from 'vitest';
import { mapFixture, payloadsOf, rejectionsOf } from './builtin-helpers.js';

describe('the splynx-import built-in profile (Splynx import-layout CSVs)', () => {
  it('keeps the single full-name field whole, reads lowercase categories and crosswalks the ids', async () => {
    const { profile, out } = await mapFixture('splynx', 'migration-import.json');
    expect(profile.name).toBe('splynx-import');
    const accounts = out.get('accounts');
    expect(payloadsOf(accounts, 'ray')).toEqual([
      expect.objectContaining({
        name: 'Ray Sin', // "Ray  Sin": spaces collapsed, never split
        contact_name: 'Ray Sin',
        account_type_id: 1, // category "person"
        account_status_id: 2,
        state: 'Wisconsin', // subdivision_id 49 through the subdivisions crosswalk
        zip: '54301',
        country: 'US',
        phone_numbers: { mobile: { number: '9205550123' } },
      }),
    ]);
    expect(payloadsOf(accounts, 'upp')[0]).toMatchObject({ name: 'Harriet Upp', account_type_id: 2 });
    // location_id is a Splynx id: the crosswalk gives a Sonar id, or a name resolved at plan/load.
    expect(payloadsOf(accounts, 'laura')[0]).toMatchObject({ account_groups: [3], state: 'Texas' });
    const ray = accounts?.records.find((r) => r.accountKey === 'ray');
    expect(ray?.refs).toContainEqual({
      path: 'account_groups.0',
      lookup: 'account_groups',
      name: 'Tower Hosts',
    });
  });

  it('rejects customers without a street or ZIP and local 7-digit phones, naming the column', async () => {
    const { out } = await mapFixture('splynx', 'migration-import.json');
    const rejections = rejectionsOf(out.get('accounts'));
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([
      ['MAP_MISSING_REQUIRED', 6, 'street'],
      ['MAP_MISSING_REQUIRED', 7, 'zip_code'],
      ['MAP_INVALID_VALUE', 8, 'phone'],
    ]);
    expect(rejections[2]?.message).toContain('"555-0131" has 7 digits, not 10');
  });

  it('takes billing_date as the bill day and refuses a day Sonar cannot bill on', async () => {
    const { out } = await mapFixture('splynx', 'migration-import.json');
    const billing = out.get('billing_parameters');
    expect(payloadsOf(billing, 'upp')).toEqual([{ bill_day: 15 }]);
    expect(payloadsOf(billing, 'lynne')).toEqual([{ bill_day: 28 }]);
    expect(rejectionsOf(billing)).toEqual([
      expect.objectContaining({ code: 'MAP_INVALID_VALUE', row: 8, column: 'billing_date' }),
    ]);
    expect(rejectionsOf(billing)[0]?.message).toContain('bill_day must be 28 or less');
  });

  it('maps running internet and voice services, reading 0000-00-00 as endless and refusing a real end date', async () => {
    const { out } = await mapFixture('splynx', 'migration-import.json');
    const services = out.get('services');
    expect(payloadsOf(services, 'ray')).toEqual([
      { service_id: 1, quantity: 1, name_override: 'Home 25' }, // plan by tariff id
      { service_id: 10, quantity: 1, price_override: 24.99, name_override: 'Home phone' }, // by name, "24.9900"
    ]);
    expect(payloadsOf(services, 'laura')).toEqual([
      { service_id: 10, quantity: 2, name_override: 'Two lines' }, // "voice unlimited": any case
    ]);
    // The stopped service of laura is history: not mapped at all.
    expect(services?.records.filter((r) => r.accountKey === 'laura')).toHaveLength(1);
    const refused = rejectionsOf(services);
    expect(refused.map((r) => [r.code, r.row, r.column])).toEqual([['MAP_INVALID_VALUE', 5, 'end_date']]);
    expect(refused[0]?.message).toContain('"2026-06-30": the Splynx service ends on this date');
  });

  it('turns voice phones into DIDs and static IPv4s into /32 assignments', async () => {
    const { out } = await mapFixture('splynx', 'migration-import.json');
    expect(out.get('dids')?.records.map((r) => [r.accountKey, r.payload])).toEqual([
      ['ray', { did: '9205550100', service_id: 10 }],
      ['laura', { did: '5125550188', service_id: 10 }],
    ]);
    expect(out.get('ip_assignments')?.records.map((r) => r.payload)).toEqual([
      { subnet: '10.10.10.13/32', assigned_entity: 'accounts', service_id: 1 },
    ]);
    expect(rejectionsOf(out.get('dids'))).toEqual([]);
  });
});
