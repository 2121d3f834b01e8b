import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { startTestSimulator } from '../loaders/harness.js';
import { copyProfileFixture, heldAccount, validateThenLoad } from './profile-helpers.js';

// Issue 15: Freeside's own table exports (test/fixtures/profiles/freeside, README there), unchanged,
// through validate and load into the simulator; every field checked against the export.

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The card fields every Freeside card carries, and the address joined for it. */
const card = (fields: Record<string, unknown>) => ({
  type: 'credit card',
  payment_processor_customer_profile_id: null,
  ...fields,
});

describe('the freeside profile, end to end', () => {
  it('loads every account, contact, service, payment method and next bill date of the export exactly', async () => {
    sim = await startTestSimulator();
    const dir = copyProfileFixture('freeside');
    const run = await validateThenLoad(dir, sim);

    // Only the untokenized card (cust_payby row 7, is_tokenized blank) is refused; the echeck
    // input does not read that row, so it does not reject it too.
    expect(run.rejections).toEqual([
      ['credit_cards', 'MAP_RAW_CARD_NUMBER', 7, 'payinfo'],
      ['credit_cards', 'MAP_INVALID_VALUE', 7, 'is_tokenized'],
      // The checks the refused row missed, named in the same pass.
      ['credit_cards', 'MAP_NOT_CHECKED', 7, ''],
    ]);
    expect(run.validate.code).toBe(1);
    expect(run.load.code).toBe(1); // 1: a row was rejected (the card number), nothing failed
    // Nothing failed, skipped or left in flight: staged 18, loaded 18.
    expect(run.status.out).toMatch(/\ntotal\s+18\s+1\s+0\s+0\s+18\s+0\s+0\s+0\n/);

    const john = heldAccount(sim, 'John Smith');
    expect(john.account).toMatchObject({ account_type_id: 1, account_status_id: 2 });
    expect(john.addresses).toEqual([
      expect.objectContaining({
        line1: '123 Main St',
        line2: null,
        city: 'Green Bay',
        state: 'Wisconsin',
        zip: '54301',
        country: 'US',
      }),
    ]);
    expect(john.contacts).toEqual([
      expect.objectContaining({
        name: 'John Smith',
        primary: true,
        email_address: 'john@example.com',
        phone_numbers: {
          work: { number: '9205550141', extension: null },
          home: { number: '9205550142', extension: 12 },
        },
      }),
    ]);
    expect(john.paymentMethods).toEqual([
      card({
        token: 'tok_74613281830084', // the digits pass Luhn, but it is a token
        name_on_account: 'John Smith',
        identifier: '1111',
        expiration_month: '08',
        expiration_year: 2027,
        card_type: 'visa',
        auto: true,
        line1: '123 Main St', // joined: cust_main.bill_locationnum 1 → cust_location
        city: 'Green Bay',
        state: 'Wisconsin',
        zip: '54301',
        country: 'US',
      }),
    ]);
    // Monthly (part_pkg.freq 1): no next bill date sent; Sonar bills on the bill day.
    expect(john.services.map((s) => [s.service_id, s.quantity])).toEqual([[1, 1]]);
    expect(john.billing).toMatchObject({ bill_day: 1, tax_exempt: false, print_invoice: false });

    const acme = heldAccount(sim, 'Acme Widgets Inc');
    expect(acme.account).toMatchObject({ account_type_id: 2, account_status_id: 2 });
    expect(acme.addresses).toEqual([
      expect.objectContaining({
        line1: '500 Industrial Dr',
        line2: 'Suite 100',
        city: 'Appleton',
        state: 'Wisconsin',
        zip: '54911',
        country: 'US',
      }),
    ]);
    expect(acme.contacts).toEqual([
      expect.objectContaining({
        name: 'Jane & Bob Doe',
        email_address: null, // cust_main_invoice dest POST: paper
        phone_numbers: { work: { number: '9205550143', extension: null } },
      }),
    ]);
    expect(acme.paymentMethods).toEqual([
      card({
        token: 'tok_amex_778899',
        name_on_account: 'Jane Doe',
        identifier: '0005',
        expiration_month: '12',
        expiration_year: 2037,
        card_type: 'amex',
        auto: false, // DCRD
        line1: '500 Industrial Dr',
        city: 'Appleton',
        state: 'Wisconsin',
        zip: '54911',
        country: 'US',
      }),
      {
        type: 'echeck',
        token: 'btok_556677',
        payment_processor_customer_profile_id: null,
        name_on_account: 'Acme Widgets Inc',
        identifier: '6789',
        expiration_month: null,
        expiration_year: null,
        card_type: null,
        auto: true,
        line1: null,
        city: null,
        state: null,
        zip: null,
        country: null,
      },
    ]);
    // The annual package keeps cust_pkg.bill (epoch 1802671200 = 2027-02-15); the phone line its quantity 2.
    expect(acme.services.map((s) => [s.service_id, s.quantity])).toEqual([
      [21, 1],
      [10, 2],
    ]);
    expect(acme.services[0]?.next_bill_date).toBe('2027-02-15');
    expect(acme.billing).toMatchObject({ bill_day: 15, tax_exempt: true, print_invoice: true });

    const pat = heldAccount(sim, "Pat O'Brien");
    expect(pat.addresses).toEqual([
      expect.objectContaining({
        line1: '77 Elm St',
        city: 'Austin',
        state: 'Texas',
        zip: '78701',
        country: 'US',
      }),
    ]);
    expect(pat.contacts).toEqual([expect.objectContaining({ email_address: 'pat@example.com' })]);
    expect(pat.paymentMethods).toEqual([
      card({
        token: '4000056655665556', // a bare numeric token, is_tokenized = Y
        name_on_account: "Pat O'Brien",
        identifier: '5556',
        expiration_month: '05',
        expiration_year: 2028,
        card_type: 'visa',
        auto: true,
        line1: '77 Elm St', // no cust_location: the flat cust_main address
        city: 'Austin',
        state: 'Texas',
        zip: '78701',
        country: 'US',
      }),
    ]);
    // The cancelled package 504 is not migrated; 505 (blank quantity) is, once.
    expect(pat.services.map((s) => [s.service_id, s.quantity])).toEqual([[1, 1]]);

    const an = heldAccount(sim, 'An Nguyen');
    expect(an.contacts).toEqual([
      expect.objectContaining({
        email_address: 'an@example.com',
        phone_numbers: { mobile: { number: '7165550145', extension: null } },
      }),
    ]);
    expect(an.paymentMethods).toEqual([
      card({
        token: 'tok_mc_4444',
        name_on_account: 'An Nguyen',
        identifier: '4444',
        expiration_month: '02',
        expiration_year: 2028,
        card_type: 'mastercard',
        auto: false,
        line1: '9 Pine Rd',
        city: 'Buffalo',
        state: 'New York',
        zip: '14201',
        country: 'US',
      }),
    ]);
    expect(an.services.map((s) => [s.service_id, s.quantity, s.next_bill_date])).toEqual([
      [20, 1, '2027-04-10'], // 6-month package: cust_pkg.bill
    ]);
    expect(an.billing).toMatchObject({ bill_day: 10 });

    expect(sim.state.accounts.list()).toHaveLength(4);
    // The untokenized card number reached neither Sonar nor a report.
    expect(JSON.stringify(sim.state.paymentMethods.list())).not.toContain('4111111111111111');
  });
});
