import { describe, expect, it } from 'vitest';
import { mapFixture, payloadsOf, rejectionsOf } from './builtin-helpers.js';

describe('the whmcs built-in profile', () => {
  it('reads free-text states in any spelling, ISO-2 countries and +1. phones', async () => {
    const { out } = await mapFixture('whmcs');
    const accounts = out.get('accounts');
    expect(payloadsOf(accounts, '1')[0]).toMatchObject({
      name: 'Maria Garcia',
      state: 'Texas', // "Texas"
      country: 'US',
      phone_numbers: { home: { number: '5125550161' } }, // "+1.5125550161"
      account_type_id: 1, // groupid 0
    });
    expect(payloadsOf(accounts, '2')[0]).toMatchObject({
      name: 'Lee Hosting LLC',
      contact_name: 'Tom Lee',
      state: 'Texas', // "tx"
      account_type_id: 2,
    });
    expect(payloadsOf(accounts, '3')[0]).toMatchObject({ state: 'Texas', account_status_id: 3 }); // "TX", Inactive
    const rejections = rejectionsOf(accounts);
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([['MAP_INVALID_VALUE', 5, 'state']]);
    expect(rejections[0]?.message).toContain('"Ilinois" is not a US state');
  });

  it('reads taxexempt as 1/0 or on/blank', async () => {
    const { out } = await mapFixture('whmcs');
    const billing = out.get('billing_parameters');
    expect(payloadsOf(billing, '1')).toEqual([{ tax_exempt: false }]);
    expect(payloadsOf(billing, '2')).toEqual([{ tax_exempt: true }]); // "on"
  });

  it('maps gateway-tokenized cards with WHMCS brand spellings; refuses EnRoute and cards without a token', async () => {
    const { out } = await mapFixture('whmcs');
    const cards = out.get('credit_cards');
    expect(payloadsOf(cards, '1')[0]).toMatchObject({
      token: 'cus_A1b2C3',
      identifier: '4242',
      card_type: 'visa', // "Visa"
      expiration_month: 8,
      expiration_year: 2027, // "08/27"
      auto: true, // disableautocc 0
    });
    expect(payloadsOf(cards, '2')[0]).toMatchObject({ card_type: 'amex', auto: true });
    expect(payloadsOf(cards, '3')[0]).toMatchObject({ card_type: 'dinersclub', auto: false }); // disableautocc 1
    const rejections = rejectionsOf(cards);
    expect(rejections.map((r) => [r.row, r.column])).toEqual([
      [5, 'cardtype'],
      [5, 'state'],
      [6, 'cardtype'],
    ]);
    expect(rejections[0]?.message).toContain('"EnRoute" is not a card brand Sonar accepts');
    expect(rejections[2]?.message).toContain('the card is stored only in WHMCS');
  });

  it('maps current services with their next due date and billing cycle, refusing one-time products', async () => {
    const { out } = await mapFixture('whmcs');
    const services = out.get('services');
    expect(payloadsOf(services, '1')).toEqual([
      // Monthly: Sonar refuses a next bill date on a monthly service (doc ~10887), so it is dropped.
      { service_id: 1, quantity: 1, price_override: 39.95 },
    ]); // the Terminated service is history
    expect(payloadsOf(services, '2')).toEqual([
      { service_id: 21, quantity: 1, price_override: 899, next_bill_date: '2027-06-30' },
    ]);
    // Free Account: nextduedate 0000-00-00 is no date, and the price is a real 0.
    expect(payloadsOf(services, '3')).toEqual([{ service_id: 1, quantity: 1, price_override: 0 }]);
    const rejections = rejectionsOf(services);
    expect(rejections.map((r) => [r.code, r.row, r.column])).toEqual([
      ['MAP_INVALID_VALUE', 5, 'billingcycle'],
    ]);
    expect(rejections[0]?.message).toContain('"One Time": not a recurring WHMCS billing cycle');
    expect(out.get('ip_assignments')?.records.map((r) => [r.accountKey, r.payload.subnet])).toEqual([
      ['2', '203.0.113.10/32'],
    ]);
  });
});
