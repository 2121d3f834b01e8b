import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/io.js';
import { mapInput } from '../map-input.js';
import { mapFixture, payloadsOf, rejectionsOf } from './builtin-helpers.js';

// The whmcs profile's json form of credit_cards: GetPayMethods answers joined with tblclients and
// tblcontacts (lookups with a `join` column for the name), records chosen by a list of conditions.

describe('the whmcs built-in profile on GetPayMethods answers', () => {
  it("takes a contact's card name and address from tblcontacts, the client's from tblclients", async () => {
    const { out } = await mapFixture('whmcs/api');
    const cards = out.get('credit_cards');
    expect(payloadsOf(cards, '2')).toEqual([
      {
        type: 'credit card',
        token: 'pm_1NcDeF4gHiJkLmNoPqRsC5kT',
        payment_processor_customer_profile_id: 'cus_Lm3No5Pq7Rs9Tu',
        name_on_account: 'Jane Lee', // tblcontacts 1, joined firstname lastname
        identifier: '0005',
        card_type: 'amex',
        expiration_month: 11,
        expiration_year: 2028,
        auto: false, // tblclients 2: disableautocc "on"
        line1: '200 Elm St',
        city: 'Dallas',
        state: 'Texas',
        zip: '75202',
        country: 'US',
      },
    ]);
    expect(payloadsOf(cards, '3')).toMatchObject([
      { token: 'ANetPP7c3f9a1e54d2', name_on_account: 'Sam Park', line1: '5 Elm Rd', auto: true },
    ]);
    expect(payloadsOf(cards, '3')[0]).not.toHaveProperty('payment_processor_customer_profile_id');
    expect(rejectionsOf(cards).map((r) => [r.code, r.row, r.column])).toEqual([
      ['MAP_NOT_MIGRATABLE', 2, 'type'],
      ['MAP_NOT_MIGRATABLE', 5, 'type'],
      ['MAP_NOT_MIGRATABLE', 7, 'type'],
    ]);
  });

  it("reads a fed-back CSV of the answers' columns with the answers' mapping, masking the token in its kept copy", async () => {
    const { profile } = await mapFixture('whmcs/api');
    const path = join(makeTempDir('sonar-migrate-whmcs-refeed-'), 'credit_cards.fixed.csv');
    writeFileSync(
      path,
      [
        'result,clientid,id,type,contact_type,contact_id,card_last_four,expiry_date,card_type,remote_token',
        'success,4,8,RemoteCreditCard,Client,4,4444,03/28,MasterCard,"{""customer"":""cus_Vw1Xy3Za5Bc7De"",""method"":""pm_1PeFgH6iJkLmNoPqRsTuD3mR""}"',
        'success,2,4,RemoteBankAccount,Client,2,,,,MD0001ABCDEF23',
      ].join('\n'),
    );
    const mapped = await mapInput(profile, 'credit_cards', { path });
    expect(mapped.records.map((r) => [r.legacyKey, r.payload.token, r.payload.auto])).toEqual([
      ['credit_cards:8', 'pm_1PeFgH6iJkLmNoPqRsTuD3mR', false],
    ]);
    const kept = mapped.records[0]?.source.values.at(-1);
    expect(kept).toBe('{"customer":"cus_Vw1Xy3Za5Bc7De","method":"…D3mR"}');
    expect(mapped.rejections.map((r) => [r.code, r.source.values.at(-1)])).toEqual([
      ['MAP_NOT_MIGRATABLE', '…EF23'],
    ]);
  });
});
