import { describe, expect, it } from 'vitest';
import { mapFixture, payloadsOf, rejectionsOf } from './builtin-helpers.js';

describe('the freeside built-in profile', () => {
  it('reads the headerless import layout by letter: last-then-first names, companies, dashed phones', async () => {
    const { out } = await mapFixture('freeside');
    const accounts = out.get('accounts');
    // The first row is data: the layout has no header.
    expect(accounts?.records.map((r) => r.accountKey)).toEqual(['1001', '1002', '1003']);
    expect(payloadsOf(accounts, '1001')[0]).toMatchObject({
      name: 'John Smith', // C "Smith", D "John"
      contact_name: 'John Smith',
      account_type_id: 1, // no company: Residential
      account_status_id: 2,
      state: 'Wisconsin',
      zip: '54301', // "54301 " trimmed
      country: 'US',
      email_address: 'john@example.com',
      phone_numbers: { work: { number: '9205550141' }, home: { number: '9205550142', extension: 12 } },
    });
    const business = payloadsOf(accounts, '1002')[0];
    expect(business).toMatchObject({
      name: 'Acme Widgets Inc',
      contact_name: 'Jane & Bob Doe',
      account_type_id: 2, // a company: Business
      state: 'Wisconsin', // "wi"
      country: 'US', // blank: Freeside's default country
    });
    expect(business).not.toHaveProperty('email_address'); // invoicing_list "POST": paper only
    expect(payloadsOf(accounts, '1003')[0]).toMatchObject({ name: "Pat O'Brien", state: 'Texas' });
    const rejections = rejectionsOf(accounts);
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([['MAP_INVALID_VALUE', 4, 'L']]);
    expect(rejections[0]?.message).toContain('"555-0145" has 7 digits');
  });

  it("reads tax = 'Y' as tax exempt, postal_invoice as a printed invoice, and refuses bill day 31", async () => {
    const { out } = await mapFixture('freeside');
    const billing = out.get('billing_parameters');
    expect(payloadsOf(billing, '1001')).toEqual([{ bill_day: 1 }]);
    expect(payloadsOf(billing, '1002')).toEqual([{ bill_day: 15, tax_exempt: true, print_invoice: true }]);
    expect(rejectionsOf(billing).map((r) => [r.code, r.row, r.column])).toEqual([
      ['MAP_INVALID_VALUE', 5, 'billday'],
    ]);
  });

  it('maps tokenized cust_payby rows with Freeside card spellings, and refuses untokenized ones and enRoute', async () => {
    const { out } = await mapFixture('freeside');
    const cards = out.get('credit_cards');
    expect(payloadsOf(cards, '1001')).toEqual([
      expect.objectContaining({
        token: 'tok_4f9a8b7c6d5e',
        identifier: '1111', // from paymask
        card_type: 'visa', // "VISA card"
        auto: true, // CARD
        expiration_year: 2027,
        expiration_month: 8, // paydate 2027-08-01
        state: 'Wisconsin',
      }),
    ]);
    expect(payloadsOf(cards, '1002')[0]).toMatchObject({
      card_type: 'amex',
      auto: false,
      expiration_year: 2037,
    });
    expect(payloadsOf(cards, '1004')[0]).toMatchObject({ card_type: 'mastercard' });
    const rejections = rejectionsOf(cards);
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([
      ['MAP_INVALID_VALUE', 5, 'is_tokenized'],
      ['MAP_INVALID_VALUE', 7, 'paycardtype'],
    ]);
    expect(rejections[0]?.message).toContain('payinfo is not tokenized');
    expect(rejections[0]?.message).not.toContain('6011111111111117');
    expect(rejections[1]?.message).toContain('"enRoute" is not a card brand Sonar accepts');
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

  it('maps cust_pkg by letter without the package next bill date, refusing cancelled packages', async () => {
    const { out } = await mapFixture('freeside');
    const services = out.get('services');
    // doc ~10887: Sonar takes a service's next bill date only on multi-month services, and
    // cust_pkg does not say a package's frequency: column F (bill) is dropped (profile note).
    expect(payloadsOf(services, '1001')).toEqual([{ service_id: 1, quantity: 1 }]);
    expect(payloadsOf(services, '1002')).toEqual([
      { service_id: 4, quantity: 1 },
      { service_id: 10, quantity: 1 },
    ]);
    const rejections = rejectionsOf(services);
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([['MAP_INVALID_VALUE', 4, 'J']]);
    expect(rejections[0]?.message).toContain('"12/31/2025": the Freeside package was cancelled');
  });
});
