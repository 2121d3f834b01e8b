import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedFixture, referenceId, validateAndLoadFixture } from './profile-load.js';

// Issue 15: Freeside's svc_phone numbers (its phone number report, as CSV) reach Sonar: each
// customer's +1 number inventoried with its area code's rate center, then assigned to the voice
// service of the customer's account. The rest of the Freeside fixture loads alongside.

type Row = Record<string, string>;
const numbers = parse(readFileSync('test/fixtures/profiles/freeside/svc_phone.csv'), {
  columns: true,
}) as Row[];
const rateCenters = { '920': 'Green Bay, WI' };
const phoneServices = { 'Phone line': 10 };

let loaded: LoadedFixture;
beforeAll(async () => {
  loaded = await validateAndLoadFixture('freeside', (config) => ({
    ...config,
    inputs: { ...(config.inputs as object), did_inventory: 'svc_phone.csv', dids: 'svc_phone.csv' },
    crosswalks: {
      ...(config.crosswalks as object),
      rate_centers: rateCenters,
      phone_services: phoneServices,
    },
  }));
}, 60_000);
afterAll(() => loaded?.close());

describe('the freeside profile on svc_phone numbers', () => {
  it("inventories and assigns each customer's +1 number, field by field, nothing failed or in flight", () => {
    const { sim } = loaded;
    const assigned = numbers.filter((n) => n['Cust#'] !== '' && n['Country code'] === '1');
    const expected = assigned.map((n) => ({
      did: n['Phone number'],
      account_id: loaded.sonarIdOf('accounts', n['Cust#'] ?? ''),
      service_id: phoneServices[n.Service as keyof typeof phoneServices],
      rate_center_id: referenceId(
        sim,
        'rate_centers',
        rateCenters[(n['Phone number'] ?? '').slice(0, 3) as keyof typeof rateCenters],
      ),
    }));
    const held = sim.state.dids.list().map((d) => ({
      did: d.did,
      account_id: d.account_id,
      service_id: d.service_id,
      rate_center_id: d.rate_center_id,
    }));
    expect(held).toEqual(expected);
    expect(held).toHaveLength(2);
    expect(loaded.load.out).toMatch(/did_inventory\s+2\s+2\s+0\s+0\s+0\s+0\s+0/);
    expect(loaded.load.out).toMatch(/dids\s+2\s+2\s+0\s+0\s+0\s+0\s+0/);
    expect(loaded.inFlight).toEqual([]);
  });
});
