import { describe, expect, it } from 'vitest';
import type { MappedStep } from '../../src/mappers/build-record.js';
import { entityMappers } from '../../src/mappers/entities.js';
import { entityRow } from './entity-row.js';

// One valid row per input, then each schema rule broken on its own: the rejection must carry the
// right code and name the column the value came from.
const valid: Record<MappedStep, Record<string, unknown>> = {
  accounts: {
    name: 'Jane Doe',
    account_type_id: 1,
    account_status_id: 2,
    line1: '1 Main St',
    city: 'Green Bay',
    state: 'Wisconsin',
    zip: '54301',
    country: 'US',
  },
  contacts: { name: 'Bob', email_address: 'bob@example.com', 'phone_numbers.work.number': '9205550100' },
  addresses: {
    address_type_id: 2,
    line1: 'PO Box 1',
    city: 'Green Bay',
    state: 'Wisconsin',
    zip: '54301',
    country: 'US',
  },
  credit_cards: {
    token: 'tok_abc',
    name_on_account: 'Jane Doe',
    identifier: '1111',
    auto: true,
    expiration_year: 2030,
    expiration_month: 7,
    card_type: 'visa',
    line1: '1 Main St',
    city: 'Green Bay',
    state: 'Wisconsin',
    zip: '54301',
    country: 'US',
  },
  bank_accounts: { token: 'btok_abc', name_on_account: 'Jane Doe', identifier: '6789', auto: false },
  services: { service_id: 1 },
  billing_parameters: { bill_day: 1, due_days: 0, tax_exempt: false },
  next_bill_dates: { next_bill_date: '2027-01-01' },
  did_inventory: { did: '9205550100', rate_center_id: 1 },
  dids: { did: '9205550100', service_id: 10 },
  ip_assignments: { subnet: '192.0.2.17/32' },
};

type Rule = [
  MappedStep,
  string,
  Record<string, unknown>,
  'MAP_INVALID_VALUE' | 'MAP_MISSING_REQUIRED',
  string,
];

const rules: Rule[] = [
  ['accounts', 'a blank name', { name: '   ' }, 'MAP_MISSING_REQUIRED', 'name'],
  [
    'accounts',
    'a type id that is not a number',
    { account_type_id: 'x' },
    'MAP_INVALID_VALUE',
    'account_type_id',
  ],
  ['accounts', 'a status id of 0', { account_status_id: 0 }, 'MAP_INVALID_VALUE', 'account_status_id'],
  [
    'accounts',
    'a next bill date on day 29',
    { next_bill_date: '2027-01-29' },
    'MAP_INVALID_VALUE',
    'next_bill_date',
  ],
  [
    'accounts',
    'a date that does not exist',
    { next_bill_date: '2027-02-30' },
    'MAP_INVALID_VALUE',
    'next_bill_date',
  ],
  ['accounts', 'a three-letter country', { country: 'USA' }, 'MAP_INVALID_VALUE', 'country'],
  [
    'accounts',
    'a county outside the US',
    { country: 'CA', state: 'Ontario', county: 'York' },
    'MAP_INVALID_VALUE',
    'county',
  ],
  ['accounts', 'a bad email', { email_address: 'bob@' }, 'MAP_INVALID_VALUE', 'email_address'],
  [
    'accounts',
    'an unknown email category',
    { email_message_categories: [9] },
    'MAP_INVALID_VALUE',
    'email_message_categories',
  ],
  [
    'accounts',
    'a phone with dashes',
    { 'phone_numbers.work.number': '920-555' },
    'MAP_INVALID_VALUE',
    'phone_numbers.work.number',
  ],
  ['accounts', 'a missing city', { city: undefined }, 'MAP_MISSING_REQUIRED', 'city'],
  ['contacts', 'a missing name', { name: undefined }, 'MAP_MISSING_REQUIRED', 'name'],
  [
    'contacts',
    'a username without a password',
    { username: 'janedoe', password: undefined },
    'MAP_MISSING_REQUIRED',
    'password',
  ],
  [
    'contacts',
    'a fractional extension',
    { 'phone_numbers.work.extension': 1.5 },
    'MAP_INVALID_VALUE',
    'phone_numbers.work.extension',
  ],
  [
    'addresses',
    'a missing address type',
    { address_type_id: undefined },
    'MAP_MISSING_REQUIRED',
    'address_type_id',
  ],
  ['credit_cards', 'an unknown card type', { card_type: 'bankcard' }, 'MAP_INVALID_VALUE', 'card_type'],
  ['credit_cards', 'a month of 13', { expiration_month: 13 }, 'MAP_INVALID_VALUE', 'expiration_month'],
  ['credit_cards', 'a two-digit year', { expiration_year: 27 }, 'MAP_INVALID_VALUE', 'expiration_year'],
  [
    'credit_cards',
    'an identifier longer than 4',
    { identifier: '411111' },
    'MAP_INVALID_VALUE',
    'identifier',
  ],
  ['credit_cards', 'a missing token', { token: undefined }, 'MAP_MISSING_REQUIRED', 'token'],
  ['bank_accounts', 'a missing auto flag', { auto: undefined }, 'MAP_MISSING_REQUIRED', 'auto'],
  ['services', 'a quantity of 0', { quantity: 0 }, 'MAP_INVALID_VALUE', 'quantity'],
  [
    'services',
    'a price that is not a number',
    { price_override: 'cheap' },
    'MAP_INVALID_VALUE',
    'price_override',
  ],
  ['billing_parameters', 'a bill day of 29', { bill_day: 29 }, 'MAP_INVALID_VALUE', 'bill_day'],
  ['billing_parameters', 'negative due days', { due_days: -1 }, 'MAP_INVALID_VALUE', 'due_days'],
  ['billing_parameters', 'an unknown bill mode', { bill_mode: 'email' }, 'MAP_INVALID_VALUE', 'bill_mode'],
  [
    'next_bill_dates',
    'a day-30 date',
    { next_bill_date: '2027-03-30' },
    'MAP_INVALID_VALUE',
    'next_bill_date',
  ],
  ['next_bill_dates', 'no date', { next_bill_date: undefined }, 'MAP_MISSING_REQUIRED', 'next_bill_date'],
  ['did_inventory', 'an 11-digit DID', { did: '19205550100' }, 'MAP_INVALID_VALUE', 'did'],
  [
    'did_inventory',
    'no rate center',
    { rate_center_id: undefined },
    'MAP_MISSING_REQUIRED',
    'rate_center_id',
  ],
  ['dids', 'a DID with dashes', { did: '920-555-0100' }, 'MAP_INVALID_VALUE', 'did'],
  [
    'ip_assignments',
    'an address without a prefix',
    { subnet: '192.0.2.300/32' },
    'MAP_INVALID_VALUE',
    'subnet',
  ],
  [
    'ip_assignments',
    'an inventory item without its ids',
    { assigned_entity: 'inventory_items', assigned_id: undefined },
    'MAP_MISSING_REQUIRED',
    'assigned_id',
  ],
  [
    'ip_assignments',
    'an unknown assigned entity',
    { assigned_entity: 'routers' },
    'MAP_INVALID_VALUE',
    'assigned_entity',
  ],
];

describe('schema rules surface as rejections', () => {
  it.each(Object.keys(valid) as MappedStep[])('a valid %s row maps to one staged record', (step) => {
    const result = entityMappers[step](entityRow(step, valid[step], { accountKey: '1001' }));
    expect(result.rejections).toEqual([]);
    expect(result.records).toHaveLength(1);
    expect(result.records[0]?.step).toBe(step);
  });

  it.each(rules)('%s: %s', (step, _what, change, code, column) => {
    const fields = Object.fromEntries(
      Object.entries({ ...valid[step], ...change }).filter(([, value]) => value !== undefined),
    );
    const row = entityRow(step, fields, { accountKey: '1001' });
    // A field left out entirely is still named: its column is the field path in these rows.
    for (const [path, value] of Object.entries(change)) {
      if (value === undefined) row.fields[path] = { column: path, cell: '' };
    }
    const { records, rejections } = entityMappers[step](row);
    expect(records).toEqual([]);
    expect(rejections.map((r) => [r.code, r.source.provenance.column])).toContainEqual([code, column]);
    const named = rejections.find((r) => r.source.provenance.column === column);
    expect(named?.message).toMatch(new RegExp(`^${step}\\.csv:2 column "${column}" \\(legacy [^)]+\\): `));
  });

  it('child rows without an account number are rejected', () => {
    const { rejections } = entityMappers.contacts(entityRow('contacts', valid.contacts));
    expect(rejections.map((r) => r.code)).toEqual(['MAP_MISSING_REQUIRED']);
  });

  it('never echoes a token or a password in a message', () => {
    const cards = entityMappers.credit_cards(
      entityRow('credit_cards', { ...valid.credit_cards, token: 4111111111111111 }, { accountKey: '1001' }),
    );
    expect(cards.rejections[0]?.source.provenance.column).toBe('token');
    expect(cards.rejections[0]?.message).not.toContain('4111');
    const contacts = entityMappers.contacts(
      entityRow('contacts', { ...valid.contacts, password: 12345678 }, { accountKey: '1001' }),
    );
    expect(contacts.rejections.map((r) => r.source.provenance.column)).toContain('password');
    expect(contacts.rejections.map((r) => r.message).join('\n')).not.toContain('12345678');
  });
});
