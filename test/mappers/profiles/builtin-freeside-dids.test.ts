import { describe, expect, it } from 'vitest';
import { mapFixture, rejectionsOf } from './builtin-helpers.js';

// Freeside's svc_phone numbers (its phone number report as CSV) become the DID inventory and the
// DIDs assigned to each customer's voice service.

describe('the freeside built-in profile on svc_phone numbers', () => {
  it("inventories each customer's number with its area code's rate center and assigns it to the account", async () => {
    const { out } = await mapFixture('freeside', 'migration-dids.json');
    expect(out.get('did_inventory')?.records.map((r) => [r.legacyKey, r.payload, r.refs])).toEqual([
      [
        'did_inventory:9205550150',
        { dids: ['9205550150'], rate_center_id: null },
        [{ path: 'rate_center_id', lookup: 'rate_centers', name: 'Green Bay, WI' }],
      ],
      [
        'did_inventory:9205550151',
        { dids: ['9205550151'], rate_center_id: null },
        [{ path: 'rate_center_id', lookup: 'rate_centers', name: 'Green Bay, WI' }],
      ],
    ]);
    expect(out.get('dids')?.records.map((r) => [r.accountKey, r.payload])).toEqual([
      ['1002', { did: '9205550150', service_id: 10 }],
      ['1002', { did: '9205550151', service_id: 10 }],
    ]);
    // The unlinked number (414-555-0152, no Cust#) is spare inventory: neither row nor rejection.
  });

  it('refuses a number outside North America, naming its country code column', async () => {
    const { out } = await mapFixture('freeside', 'migration-dids.json');
    const refused = {
      code: 'MAP_INVALID_VALUE',
      row: 5,
      column: 'Country code',
      message: expect.stringContaining(
        'svc_phone.csv:5 column "Country code" (legacy dids:44): ' +
          'the number is not a North American (+1) one — Sonar DIDs are 10-digit NANP numbers; leave the row out',
      ),
    };
    // It is not inventoried either: the assignment's refusal says why, once.
    expect(rejectionsOf(out.get('did_inventory'))).toEqual([]);
    expect(out.get('did_inventory')?.records).toHaveLength(2);
    expect(rejectionsOf(out.get('dids'))).toEqual([refused]);
  });
});
