import { describe, expect, test } from 'vitest';
import { addressCreateSchema, addressUpdateSchema } from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

function validAddress(): Record<string, unknown> {
  return {
    line1: '555 Packers Ln',
    city: 'Green Bay',
    state: 'Wisconsin',
    county: 'Brown Co.',
    zip: '54304',
    country: 'US',
    latitude: null,
    longitude: null,
    address_type_id: 2,
  };
}

describe('addressCreateSchema', () => {
  test('accepts the documented fields, with null coordinates', () => {
    expect(issuesOf(addressCreateSchema, validAddress())).toEqual([]);
  });

  test.each([
    'line1',
    'city',
    'state',
    'county',
    'zip',
    'country',
    'latitude',
    'longitude',
    'address_type_id',
  ])('says %s is required when it is missing', (field) => {
    const address = validAddress();
    delete address[field];
    expect(issuesOf(addressCreateSchema, address)).toEqual([
      { path: field, message: `${field} is required` },
    ]);
  });

  test('rejects a county outside the US', () => {
    expect(issuesOf(addressCreateSchema, { ...validAddress(), country: 'GB', county: 'Kent' })).toEqual([
      {
        path: 'county',
        message:
          'county must be blank outside the US (country is GB): Sonar uses counties only for US geo taxes',
      },
    ]);
  });

  test('rejects an address type that is not an id', () => {
    expect(issuesOf(addressCreateSchema, { ...validAddress(), address_type_id: 'Billing' })).toEqual([
      { path: 'address_type_id', message: 'address_type_id must be a Sonar id (a whole number above 0)' },
    ]);
  });
});

describe('addressUpdateSchema', () => {
  test('accepts a partial update', () => {
    expect(issuesOf(addressUpdateSchema, { zip: '54301' })).toEqual([]);
  });

  test('still rejects a county outside the US when both are given', () => {
    expect(issuesOf(addressUpdateSchema, { country: 'CA', county: 'York' })[0]?.path).toBe('county');
  });
});
