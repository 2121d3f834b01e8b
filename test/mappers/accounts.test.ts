import { describe, expect, it } from 'vitest';
import { mapAccount } from '../../src/mappers/accounts.js';
import { sonarName } from '../../src/mappers/fields.js';
import { entityRow } from './entity-row.js';

const valid = {
  name: 'Jane Doe',
  account_type_id: 1,
  account_status_id: 2,
  line1: '1 Main St',
  city: 'Green Bay',
  state: 'Wisconsin',
  zip: '54301',
  country: 'US',
  latitude: 44.5,
  longitude: -88,
};

describe('mapAccount', () => {
  it('keys the record by the legacy account number and applies the template defaults', () => {
    const { records, rejections } = mapAccount(entityRow('accounts', valid, { accountKey: '1001' }));
    expect(rejections).toEqual([]);
    // doc ~16154: a US county is required; the blank one is filled at load from validate_address.
    expect(records[0]).toMatchObject({
      step: 'accounts',
      legacyKey: '1001',
      accountKey: '1001',
      refs: [{ path: 'county', lookup: 'geocode', name: '' }],
    });
    expect(records[0]?.payload).toMatchObject({
      contact_name: 'Jane Doe',
      role: 'Primary Contact',
      email_message_categories: [],
      county: null,
    });
    expect(records[0]?.source.provenance).toMatchObject({ file: 'accounts.csv', row: 2, legacyKey: '1001' });
  });

  it('turns blank coordinates into one geocode reference filled at load time', () => {
    const { latitude: _a, longitude: _b, ...rest } = valid;
    const { records } = mapAccount(entityRow('accounts', rest, { accountKey: '1001' }));
    expect(records[0]?.refs).toEqual([{ path: 'latitude', lookup: 'geocode', name: '' }]);
    expect(records[0]?.payload).toMatchObject({ latitude: null, longitude: null });
  });

  it('geocodes a US address with coordinates but a blank county only for its county; a given county needs nothing', () => {
    const blank = mapAccount(entityRow('accounts', valid, { accountKey: '1001' })).records[0];
    expect(blank?.refs).toEqual([{ path: 'county', lookup: 'geocode', name: '' }]);
    expect(blank?.payload).toMatchObject({ latitude: 44.5, longitude: -88, county: null });
    const given = mapAccount(
      entityRow('accounts', { ...valid, county: 'Brown Co.' }, { accountKey: '1001' }),
    );
    expect(given.records[0]?.refs).toEqual([]);
    const abroad = { ...valid, country: 'CA', state: 'Ontario', city: 'Ottawa', zip: 'K1A 0A1' };
    expect(mapAccount(entityRow('accounts', abroad, { accountKey: '1001' })).records[0]?.refs).toEqual([]);
  });

  it('rejects one coordinate without the other, naming the blank one', () => {
    const { longitude: _b, ...rest } = valid;
    const { records, rejections } = mapAccount(entityRow('accounts', rest, { accountKey: '1001' }));
    expect(records).toEqual([]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]?.code).toBe('MAP_MISSING_REQUIRED');
    expect(rejections[0]?.message).toContain('longitude is blank but latitude is given');
  });

  it('still rejects a coordinate that is given but out of range', () => {
    const { rejections } = mapAccount(
      entityRow('accounts', { ...valid, latitude: 123 }, { accountKey: '1001' }),
    );
    expect(rejections.map((r) => [r.code, r.source.provenance.column])).toEqual([
      ['MAP_INVALID_VALUE', 'latitude'],
    ]);
  });

  it('makes sub-accounts and names pending references with null placeholders, still checking the rest', () => {
    const row = entityRow(
      'accounts',
      {
        ...valid,
        county: 'Brown Co.',
        account_status_id: sonarName('Active'),
        sub_accounts: [sonarName('1002'), sonarName('1003')],
      },
      { accountKey: '1001' },
    );
    const { records } = mapAccount(row);
    expect(records[0]?.refs).toEqual([
      { path: 'account_status_id', lookup: 'account_statuses', name: 'Active' },
      { path: 'sub_accounts.0', lookup: 'accounts', name: '1002' },
      { path: 'sub_accounts.1', lookup: 'accounts', name: '1003' },
    ]);
    expect(records[0]?.payload).toMatchObject({ account_status_id: null, sub_accounts: [null, null] });
    const bad = mapAccount(
      entityRow(
        'accounts',
        { ...valid, account_status_id: sonarName('Active'), country: 'USA' },
        { accountKey: '1001' },
      ),
    );
    expect(bad.rejections.map((r) => r.source.provenance.column)).toEqual(['country']);
  });

  it('rejects a row without an account number', () => {
    const { rejections } = mapAccount(entityRow('accounts', valid));
    expect(rejections[0]?.code).toBe('MAP_MISSING_REQUIRED');
    expect(rejections[0]?.message).toBe(
      'accounts.csv:2: the account number is required: it is the account’s legacy key — map a column to account number (or give it a value in the mapping)',
    );
  });

  it('reports every problem of a row at once, each with its column', () => {
    const { name: _n, ...rest } = valid;
    const row = entityRow(
      'accounts',
      { ...rest, country: 'USA', account_type_id: 'abc' },
      { accountKey: '1001', row: 214 },
    );
    const { rejections } = mapAccount(row);
    expect(rejections.map((r) => [r.code, r.source.provenance.column]).sort()).toEqual(
      [
        ['MAP_INVALID_VALUE', 'account_type_id'],
        ['MAP_INVALID_VALUE', 'country'],
        // name is not mapped at all; contact_name (defaulted from it) is not reported twice
        ['MAP_MISSING_REQUIRED', undefined],
      ].sort(),
    );
    expect(rejections.find((r) => r.source.provenance.column === 'country')?.message).toBe(
      'accounts.csv:214 column "country" (legacy 1001): "USA" — country must be a two-letter ISO code in capitals, e.g. US',
    );
  });
});
