import { describe, expect, it } from 'vitest';
import { mapFixture, payloadsOf, rejectionsOf } from './builtin-helpers.js';

// The fixture is Freeside's own tables as psql exports them (columns in FS/FS/Schema.pm order):
// test/fixtures/profiles/freeside/README.md.

describe('the freeside built-in profile', () => {
  it('reads cust_main with its header, the address joined from cust_location by bill_locationnum', async () => {
    const { out } = await mapFixture('freeside');
    const accounts = out.get('accounts');
    expect(accounts?.records.map((r) => r.accountKey)).toEqual(['1001', '1002', '1003', '1004']);
    expect(payloadsOf(accounts, '1001')[0]).toMatchObject({
      name: 'John Smith', // last "Smith", first "John"
      contact_name: 'John Smith',
      account_type_id: 1, // no company: Residential
      line1: '123 Main St', // cust_location 1
      city: 'Green Bay',
      state: 'Wisconsin',
      zip: '54301',
      country: 'US',
      email_address: 'john@example.com', // cust_main_invoice
      phone_numbers: { work: { number: '9205550141' }, home: { number: '9205550142', extension: 12 } },
    });
    const business = payloadsOf(accounts, '1002')[0];
    expect(business).toMatchObject({
      name: 'Acme Widgets Inc',
      contact_name: 'Jane & Bob Doe',
      account_type_id: 2,
      line1: '500 Industrial Dr', // its billing location 2, not its service location 5
      line2: 'Suite 100',
      city: 'Appleton',
    });
    expect(business).not.toHaveProperty('email_address'); // dest "POST": paper only
    // Before cust_location: the flat address columns ("78701 " trimmed).
    expect(payloadsOf(accounts, '1003')[0]).toMatchObject({
      line1: '77 Elm St',
      state: 'Texas',
      zip: '78701',
    });
    // The first invoice email of two.
    expect(payloadsOf(accounts, '1004')[0]).toMatchObject({
      email_address: 'an@example.com',
      phone_numbers: { mobile: { number: '7165550145' } },
    });
    expect(rejectionsOf(accounts)).toEqual([]);
  });

  it("reads tax = 'Y' as tax exempt, postal_invoice as a printed invoice, billday as the bill day", async () => {
    const { out } = await mapFixture('freeside');
    const billing = out.get('billing_parameters');
    expect(payloadsOf(billing, '1001')).toEqual([{ bill_day: 1 }]);
    expect(payloadsOf(billing, '1002')).toEqual([{ bill_day: 15, tax_exempt: true, print_invoice: true }]);
    expect(payloadsOf(billing, '1004')).toEqual([{ bill_day: 10 }]);
    expect(rejectionsOf(billing)).toEqual([]);
  });

  it('joins the card billing address: the card location, else the bill location, else the flat address', async () => {
    const { out } = await mapFixture('freeside');
    const cards = out.get('credit_cards');
    expect(payloadsOf(cards, '1001')).toEqual([
      {
        type: 'credit card',
        token: 'tok_74613281830084',
        name_on_account: 'John Smith',
        identifier: '1111', // from paymask
        auto: true, // CARD
        expiration_year: 2027,
        expiration_month: 8, // paydate 2027-08-01
        card_type: 'visa', // "VISA card"
        line1: '123 Main St', // no locationnum: cust_main.bill_locationnum 1
        city: 'Green Bay',
        state: 'Wisconsin',
        zip: '54301',
        country: 'US',
      },
    ]);
    expect(payloadsOf(cards, '1002')[0]).toMatchObject({
      card_type: 'amex',
      auto: false,
      expiration_year: 2037,
      line1: '500 Industrial Dr', // its own locationnum 2
    });
    // A bare numeric token, vouched for by is_tokenized = Y; no cust_location: the flat address.
    expect(payloadsOf(cards, '1003')[0]).toMatchObject({ token: '4000056655665556', line1: '77 Elm St' });
    expect(payloadsOf(cards, '1004')).toEqual([
      expect.objectContaining({ token: 'tok_mc_4444', card_type: 'mastercard', line1: '9 Pine Rd' }),
    ]);
    const rejections = rejectionsOf(cards);
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([
      ['MAP_INVALID_VALUE', 7, 'is_tokenized'],
    ]);
    expect(rejections[0]?.message).toContain('payinfo is not tokenized');
    expect(rejections[0]?.message).not.toContain('4111111111111111');
    expect(payloadsOf(out.get('bank_accounts'), '1002')).toEqual([
      {
        type: 'echeck',
        token: 'btok_556677',
        name_on_account: 'Acme Widgets Inc',
        identifier: '6789',
        auto: true,
      },
    ]);
  });

  it('maps cust_pkg with its header: quantity kept, next bill date only on multi-month packages, cancelled left out', async () => {
    const { out } = await mapFixture('freeside');
    const services = out.get('services');
    // doc ~10887: a service's next bill date only on a multi-month service (part_pkg.freq >= 2).
    expect(payloadsOf(services, '1001')).toEqual([{ service_id: 1, quantity: 1 }]); // freq 1
    expect(payloadsOf(services, '1002')).toEqual([
      { service_id: 21, quantity: 1, next_bill_date: '2027-02-15' }, // freq 12, bill epoch
      { service_id: 10, quantity: 2 }, // quantity 2, freq 1
    ]);
    // Package 504 (cancelled) is history; 505 has a blank quantity: 1.
    expect(payloadsOf(services, '1003')).toEqual([{ service_id: 1, quantity: 1 }]);
    expect(payloadsOf(services, '1004')).toEqual([
      { service_id: 20, quantity: 1, next_bill_date: '2027-04-10' },
    ]);
    expect(rejectionsOf(services)).toEqual([]);
  });
});
