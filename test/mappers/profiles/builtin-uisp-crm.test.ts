import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { resolveProfile } from '../../../src/mappers/profiles/index.js';
import { mapInput } from '../map-input.js';
import { fixtureDir, mapFixture, payloadsOf, rejectionsOf } from './builtin-helpers.js';

describe('the uisp-crm built-in profile', () => {
  it('reads numeric country and state ids, DC (64) included, and the name fields of each client type', async () => {
    const { out } = await mapFixture('uisp-crm');
    const accounts = out.get('accounts');
    expect(payloadsOf(accounts, '1')[0]).toMatchObject({
      name: 'Ada Lovelace',
      contact_name: 'Ada Lovelace',
      account_type_id: 1,
      state: 'Wisconsin', // stateId 49
      country: 'US', // countryId 249
    });
    expect(payloadsOf(accounts, '2')[0]).toMatchObject({
      name: 'Acme Wireless LLC', // clientType 2: companyName
      contact_name: 'Wile Coyote', // the company contact's first/last names
      account_type_id: 2,
      line2: 'Suite 2',
      state: 'Texas',
    });
    expect(payloadsOf(accounts, '3')[0]).toMatchObject({ state: 'District of Columbia', zip: '20006' });
    expect(payloadsOf(accounts, '5')[0]).toMatchObject({ account_status_id: 1 }); // isActive false
  });

  it('rejects a state id the shipped US table does not hold (a Canadian province) with the crosswalk named', async () => {
    const { out } = await mapFixture('uisp-crm');
    const rejections = rejectionsOf(out.get('accounts'));
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([['MAP_INVALID_VALUE', 5, 'stateId']]);
    expect(rejections[0]?.message).toContain('"70" is not in crosswalk "ucrm_states" — add it there');
  });

  it("reads a Canadian province id the migration file adds to ucrm_states from its CRM's own list, and keeps the shipped US ids", async () => {
    const config = await loadConfig(join(fixtureDir('uisp-crm'), 'migration.json'));
    // As `GET /countries/54/states | jq 'map({(.id|tostring): .name}) | add'` gives them; "49"
    // tries to change a shipped id, which the profile keeps.
    config.crosswalks.ucrm_states = { '70': 'Quebec', '49': 'Texas' };
    const profile = await resolveProfile(config);
    const accounts = await mapInput(
      profile,
      'accounts',
      config.inputs.accounts ?? expect.fail('no accounts'),
    );
    expect(accounts.rejections).toEqual([]);
    expect(payloadsOf(accounts, '4')[0]).toMatchObject({
      name: 'Jean Tremblay',
      city: 'Montreal',
      state: 'Quebec',
      zip: 'H2X 1Y4',
      country: 'CA', // countryId 54
    });
    expect(payloadsOf(accounts, '1')[0]).toMatchObject({ state: 'Wisconsin' });
  });

  it("takes the client's first contact as the account's primary contact, and does not make it twice", async () => {
    const { out } = await mapFixture('uisp-crm');
    const accounts = out.get('accounts');
    // UCRM keeps no email or phone on the client: its first contact (made with the client) has them.
    expect(payloadsOf(accounts, '1')[0]).toMatchObject({
      email_address: 'ada@example.com',
      phone_numbers: { work: { number: '6085550101' } },
    });
    expect(payloadsOf(accounts, '2')[0]).toMatchObject({
      email_address: 'wile@acme.example',
      phone_numbers: { work: { number: '5125550102', extension: 7 } },
    });
    expect(payloadsOf(accounts, '3')[0]).toMatchObject({ phone_numbers: { work: { number: '2025550103' } } });
    const contacts = out.get('contacts');
    // Contacts 1, 3 and 5 are their clients' first contacts: only the others are Sonar contacts.
    expect(contacts?.records.map((r) => [r.accountKey, r.payload])).toEqual([
      [
        '1',
        {
          name: 'billing@lovelace.example', // a contact without a name is named by its email
          role: 'Billing Contact',
          email_address: 'billing@lovelace.example',
          email_message_categories: [],
          primary: false,
        },
      ],
      ['2', { name: 'Road Runner', role: 'Contact', email_message_categories: [], primary: false }],
    ]);
  });

  it('keeps a contact whose phone Sonar would refuse, without the phone, and reports the phone', async () => {
    const { out } = await mapFixture('uisp-crm');
    const rejections = rejectionsOf(out.get('contacts'));
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([['MAP_FIELD_DROPPED', 5, 'phone']]);
    expect(rejections[0]?.message).toBe(
      'contacts.csv:5 column "phone" (legacy contacts:2:road runner): phone number "22222222222" has 11 digits, not 10 — write it as NXX-NXX-XXXX (area code first) — the record is migrated without phone_numbers.work',
    );
    expect(payloadsOf(out.get('contacts'), '2')[0]).not.toHaveProperty('phone_numbers');
  });

  it('reads ISO dates with a -0700 offset as the calendar date written, and refuses prepared services', async () => {
    const { out } = await mapFixture('uisp-crm');
    const services = out.get('services');
    // doc ~10887: no next bill date on the services; it moved to the account (next_bill_dates).
    expect(payloadsOf(services, '1')).toEqual([{ service_id: 1, quantity: 1 }]);
    expect(payloadsOf(services, '2')).toEqual([
      { service_id: 4, quantity: 1, price_override: 79.99 },
      { service_id: 10, quantity: 1 },
    ]);
    // The billed internet service's next invoicing day is the account's next bill date;
    // 2027-02-15T23:30:00-0600 is the 16th in UTC: the bill date stays the 15th.
    expect(out.get('next_bill_dates')?.records.map((r) => [r.accountKey, r.payload])).toEqual([
      ['1', { next_bill_date: '2027-03-01' }],
      ['2', { next_bill_date: '2027-02-15' }],
    ]);
    expect(out.get('next_bill_dates')?.rejections).toEqual([]);
    // Status 2 (Ended) is history: nothing mapped for client 5.
    expect(payloadsOf(services, '5')).toEqual([]);
    const rejections = rejectionsOf(services);
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([['MAP_INVALID_VALUE', 6, 'status']]);
    expect(rejections[0]?.message).toContain('the UCRM service is prepared or deferred');
  });

  it('takes the bill day from the billed internet service only: an ended or prepared one says nothing', async () => {
    const { out } = await mapFixture('uisp-crm');
    const billing = out.get('billing_parameters');
    // Client 1's ended service 9 (day 20) and client 5's ended one (day 31) are history; client
    // 3's service is only prepared.
    expect(billing?.records.map((r) => [r.accountKey, r.payload])).toEqual([
      ['1', { bill_day: 1 }],
      ['2', { bill_day: 15 }],
    ]);
    expect(rejectionsOf(billing)).toEqual([]);
  });

  it('makes an IP assignment per item of the ipRanges list of a billed service only', async () => {
    const { out } = await mapFixture('uisp-crm');
    expect(out.get('ip_assignments')?.records.map((r) => [r.accountKey, r.payload.subnet])).toEqual([
      ['1', '10.1.0.5/32'],
      ['2', '10.1.8.0/29'],
      ['2', '10.1.9.1/32'],
    ]); // not 10.1.0.99 (ended service 9) nor 10.1.3.7 (prepared service 13, refused)
  });
});
