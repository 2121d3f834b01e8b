import { describe, expect, test } from 'vitest';
import {
  accountCreateSchema,
  accountUpdateSchema,
  nextBillDateUpdateSchema,
} from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

/** A complete, valid account creation body; tests change one field at a time. */
function validAccount(): Record<string, unknown> {
  return {
    name: 'Jane Doe',
    account_type_id: 1,
    account_status_id: 2,
    line1: '555 Packers Ln',
    city: 'Green Bay',
    state: 'Wisconsin',
    county: 'Brown Co.',
    zip: '54304',
    country: 'US',
    latitude: 44.5,
    longitude: -88.06,
    contact_name: 'Jane Doe',
    role: 'Owner',
    email_message_categories: [2, 3],
  };
}

describe('accountCreateSchema', () => {
  test('accepts the documented required fields', () => {
    expect(issuesOf(accountCreateSchema, validAccount())).toEqual([]);
  });

  test('accepts every optional field', () => {
    const account = {
      ...validAccount(),
      id: 4711,
      account_groups: [1, 2],
      sub_accounts: [12],
      next_bill_date: '2025-01-28',
      line2: 'Suite 3',
      email_address: 'jane@example.com',
      phone_numbers: { mobile: { number: '9205550100' } },
    };
    expect(issuesOf(accountCreateSchema, account)).toEqual([]);
  });

  test.each([
    'name',
    'account_type_id',
    'account_status_id',
    'line1',
    'city',
    'state',
    'county',
    'zip',
    'country',
    'latitude',
    'longitude',
    'contact_name',
    'role',
    'email_message_categories',
  ])('says %s is required when it is missing', (field) => {
    const account = validAccount();
    delete account[field];
    expect(issuesOf(accountCreateSchema, account)).toEqual([
      { path: field, message: `${field} is required` },
    ]);
  });

  test('rejects a blank name', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), name: '   ' })).toEqual([
      { path: 'name', message: 'name is required and must not be blank' },
    ]);
  });

  test('rejects an explicit id that is not a positive whole number', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), id: 12.5 })).toEqual([
      { path: 'id', message: 'id must be a Sonar id (a whole number above 0)' },
    ]);
  });

  test('rejects a next_bill_date after day 28', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), next_bill_date: '2025-01-30' })).toEqual([
      { path: 'next_bill_date', message: 'day must be 28 or less: Sonar bills on days 1–28' },
    ]);
  });

  test('accepts a blank county outside the US', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), country: 'CA', county: '' })).toEqual([]);
    expect(issuesOf(accountCreateSchema, { ...validAccount(), country: 'CA', county: null })).toEqual([]);
  });

  test('rejects a county outside the US', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), country: 'CA', county: 'Brown Co.' })).toEqual([
      {
        path: 'county',
        message:
          'county must be blank outside the US (country is CA): Sonar uses counties only for US geo taxes',
      },
    ]);
  });

  test('rejects a latitude outside -90..90 and a longitude outside -180..180', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), latitude: 91, longitude: -181 })).toEqual([
      { path: 'latitude', message: 'latitude must be between -90 and 90' },
      { path: 'longitude', message: 'longitude must be between -180 and 180' },
    ]);
  });

  test('rejects a malformed email address', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), email_address: 'bob@' })).toEqual([
      { path: 'email_address', message: 'email_address is not an email address, e.g. jane@example.com' },
    ]);
  });

  test('rejects account group ids that are not ids', () => {
    expect(issuesOf(accountCreateSchema, { ...validAccount(), account_groups: ['VIP'] })).toEqual([
      { path: 'account_groups.0', message: 'id must be a Sonar id (a whole number above 0)' },
    ]);
  });
});

describe('accountUpdateSchema', () => {
  test('accepts an empty update and a next_bill_date with prorate', () => {
    expect(issuesOf(accountUpdateSchema, {})).toEqual([]);
    expect(issuesOf(accountUpdateSchema, { next_bill_date: '2025-02-01', prorate: false })).toEqual([]);
  });

  test('rejects a next_bill_date after day 28', () => {
    expect(issuesOf(accountUpdateSchema, { next_bill_date: '2025-02-29' })).toEqual([
      { path: 'next_bill_date', message: 'date does not exist in the calendar (check the month and day)' },
    ]);
    expect(issuesOf(accountUpdateSchema, { next_bill_date: '2025-03-31' })).toEqual([
      { path: 'next_bill_date', message: 'day must be 28 or less: Sonar bills on days 1–28' },
    ]);
  });

  test('rejects address fields, which belong to the addresses endpoint', () => {
    expect(issuesOf(accountUpdateSchema, { line1: '1 Main St' })[0]?.message).toMatch(
      /^unknown field "line1"/,
    );
  });
});

describe('nextBillDateUpdateSchema', () => {
  test('accepts a next_bill_date on day 1', () => {
    expect(issuesOf(nextBillDateUpdateSchema, { next_bill_date: '2025-04-01' })).toEqual([]);
  });

  test('requires next_bill_date', () => {
    expect(issuesOf(nextBillDateUpdateSchema, {})).toEqual([
      { path: 'next_bill_date', message: 'date is required' },
    ]);
  });
});
