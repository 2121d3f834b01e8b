import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors/index.js';
import type { MappedStep } from '../../../src/mappers/build-record.js';
import { loadMappingFile, resolveProfile } from '../../../src/mappers/profiles/index.js';
import { makeTempDir } from '../../helpers/io.js';
import { mapInput } from '../map-input.js';

const fixture = 'test/fixtures/mappers/every-transform';

async function mapFixture(step: MappedStep) {
  const config = await loadConfig(join(fixture, 'migration.json'));
  const profile = await resolveProfile(config);
  const input = config.inputs[step];
  if (!input) throw new Error(`no input ${step}`);
  return mapInput(profile, step, input);
}

/** Loads a mapping file written from text, returning the ConfigError it raises. */
async function mappingError(yaml: string, crosswalks = {}): Promise<ConfigError> {
  const path = join(makeTempDir(), 'mapping.yaml');
  writeFileSync(path, yaml);
  const error = await loadMappingFile(path, 'mapping.yaml', crosswalks).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('mapping files: every transform kind', () => {
  it('accounts: join/else, split, crosswalks (configuration, inline, to a name), text cases, state, country, phone, default', async () => {
    const { records, rejections } = await mapFixture('accounts');
    expect(rejections).toEqual([]);
    expect(records[0]?.legacyKey).toBe('C-1');
    expect(records[0]?.payload).toEqual({
      name: 'jane DOE',
      contact_name: 'Jane Doe',
      account_type_id: 1,
      account_status_id: null,
      line1: '1 Main St',
      city: 'Green Bay',
      state: 'Wisconsin',
      zip: '54301',
      country: 'US',
      email_address: 'jane@example.com',
      role: 'Owner',
      phone_numbers: { work: { number: '9205550137', extension: 4 } },
      email_message_categories: [],
      county: null,
      latitude: null,
      longitude: null,
    });
    expect(records[0]?.refs).toEqual([
      { path: 'account_status_id', lookup: 'account_statuses', name: 'Active' },
      { path: 'latitude', lookup: 'geocode', name: '' },
    ]);
  });

  it('booleans (and inverted), dates MM/DD/YYYY, epoch and Excel serials, money, records with conditions', async () => {
    expect((await mapFixture('billing_parameters')).records[0]?.payload).toEqual({
      tax_exempt: true,
      print_invoice: true,
    });
    expect((await mapFixture('next_bill_dates')).records[0]?.payload).toEqual({
      next_bill_date: '2027-03-15',
    });
    const services = await mapFixture('services');
    expect(services.records.map((r) => r.payload)).toEqual([
      { service_id: 10, price_override: 1234.5, next_bill_date: '2027-01-15', quantity: 1 },
      { service_id: 32, next_bill_date: '2027-02-12', quantity: 1 },
    ]);
  });

  it('card brands, match with prefix, constants and DIDs', async () => {
    const cards = await mapFixture('credit_cards');
    expect(cards.rejections).toEqual([]);
    expect(cards.records[0]?.payload).toMatchObject({
      card_type: 'mastercard',
      expiration_month: 7,
      expiration_year: 2029,
      auto: true,
      name_on_account: 'Jane Doe',
    });
    const dids = await mapFixture('did_inventory');
    expect(dids.records[0]).toMatchObject({
      legacyKey: 'did_inventory:9205550100',
      payload: { rate_center_id: 1 },
    });
  });

  it('a cell a transform refuses becomes a rejection naming the column, with the transform’s advice', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'dates.csv'), 'Acct,When\n7,13/45/2027\n');
    writeFileSync(
      join(dir, 'mapping.yaml'),
      'inputs:\n  next_bill_dates:\n    account_key: Acct\n    fields:\n      next_bill_date: { column: When, transform: date, format: MM/DD/YYYY }\n',
    );
    const profile = await loadMappingFile(join(dir, 'mapping.yaml'), 'mapping.yaml');
    const { rejections } = await mapInput(profile, 'next_bill_dates', { path: join(dir, 'dates.csv') });
    expect(rejections.map((r) => [r.code, r.source.provenance.column])).toEqual([
      ['MAP_INVALID_VALUE', 'When'],
    ]);
    expect(rejections[0]?.message).toBe(
      'dates.csv:2 column "When" (legacy next_bill_dates:7): "13/45/2027" is not a real calendar date — fix the cell',
    );
  });

  it('a file without a header names its columns by letter', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'nbd.csv'), '7,2027-01-05\n');
    writeFileSync(
      join(dir, 'mapping.json'),
      JSON.stringify({
        inputs: { next_bill_dates: { header: 'none', account_key: 'A', fields: { next_bill_date: 'B' } } },
      }),
    );
    const profile = await loadMappingFile(join(dir, 'mapping.json'), 'mapping.json');
    const { records } = await mapInput(profile, 'next_bill_dates', { path: join(dir, 'nbd.csv') });
    expect(records[0]).toMatchObject({ accountKey: '7', payload: { next_bill_date: '2027-01-05' } });
  });
});

describe('mapping files: mistakes stop the run at start-up with a ConfigError naming the key', () => {
  const head = 'inputs:\n  contacts:\n    account_key: Acct\n    fields:\n';

  it('an unknown field, with a suggestion and the line', async () => {
    const error = await mappingError(`${head}      nmae: Name\n`);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(
      /^mapping\.yaml:5: inputs\.contacts\.fields\.nmae is not a field of contacts — did you mean "name"\?/,
    );
  });

  it('an unknown transform, listing the known ones', async () => {
    const error = await mappingError(`${head}      name: { column: Name, transform: shout }\n`);
    expect(error.message).toContain(
      'inputs.contacts.fields.name.transform "shout" is not a transform — use one of trim,',
    );
  });

  it('a transform option its schema refuses', async () => {
    const error = await mappingError(
      `${head}      name: { column: Name, transform: date, format: YYYYMMDD }\n`,
    );
    expect(error.message).toContain('inputs.contacts.fields.name.format');
    expect(error.message).toContain('(options of "date")');
  });

  it('an unknown crosswalk', async () => {
    const error = await mappingError(
      `${head}      role: { column: Role, transform: crosswalk, crosswalk: roles }\n`,
    );
    expect(error.message).toContain('"roles" is not a crosswalk in the mapping file or the configuration');
  });

  it('an unknown key, an unknown input, and a missing account key', async () => {
    expect((await mappingError('inputs: {}\nprofile: x\n')).message).toContain('profile is not a known key');
    expect((await mappingError('inputs:\n  customers: { fields: {} }\n')).message).toContain(
      'inputs.customers is not a known key',
    );
    expect((await mappingError('inputs:\n  contacts: { fields: { name: Name } }\n')).message).toContain(
      'inputs.contacts needs "account_key"',
    );
  });

  it('a column the input file does not have, found when the profile is resolved', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'contacts.csv'), 'Acct,Full Name\n1,Bob\n');
    writeFileSync(join(dir, 'mapping.yaml'), `${head}      name: Name\n`);
    writeFileSync(
      join(dir, 'migration.json'),
      JSON.stringify({ profile: 'mapping.yaml', inputs: { contacts: 'contacts.csv' } }),
    );
    const config = await loadConfig(join(dir, 'migration.json'));
    const error = await resolveProfile(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      'contacts.csv: the mapping of contacts names column "Name", which the file does not have',
    );
  });

  it('an input configured but not mapped', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'contacts.csv'), 'Acct,Name\n1,Bob\n');
    writeFileSync(join(dir, 'services.csv'), 'Acct,Plan\n1,2\n');
    writeFileSync(join(dir, 'mapping.yaml'), `${head}      name: Name\n`);
    writeFileSync(
      join(dir, 'migration.json'),
      JSON.stringify({
        profile: 'mapping.yaml',
        inputs: { contacts: 'contacts.csv', services: 'services.csv' },
      }),
    );
    const error = await resolveProfile(await loadConfig(join(dir, 'migration.json'))).catch(
      (e: unknown) => e,
    );
    expect((error as ConfigError).message).toContain(
      'inputs.services is configured but mapping.yaml has no mapping for it',
    );
  });
});

describe('mapping files: lists', () => {
  it('sub-accounts are legacy account numbers, even as numbers; group names become references', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'a.csv'), 'Acct,Name,Groups\n7,Jo,"Employees; 4"\n');
    writeFileSync(
      join(dir, 'mapping.yaml'),
      [
        'inputs:',
        '  accounts:',
        '    account_key: Acct',
        '    fields:',
        '      name: Name',
        '      account_type_id: { value: 1 }',
        '      account_status_id: { value: 2 }',
        '      sub_accounts: { value: [8, "9"] }',
        '      account_groups: Groups',
        '      line1: { value: 1 Main St }',
        '      city: { value: Austin }',
        '      state: { value: TX }',
        '      zip: { value: "78701" }',
        '      country: { value: US }',
        '',
      ].join('\n'),
    );
    const profile = await loadMappingFile(join(dir, 'mapping.yaml'), 'mapping.yaml');
    const { records, rejections } = await mapInput(profile, 'accounts', { path: join(dir, 'a.csv') });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toMatchObject({
      state: 'Texas',
      account_groups: [null, 4],
      sub_accounts: [null, null],
    });
    expect(records[0]?.refs.filter((r) => r.lookup !== 'geocode')).toEqual([
      { path: 'sub_accounts.0', lookup: 'accounts', name: '8' },
      { path: 'sub_accounts.1', lookup: 'accounts', name: '9' },
      { path: 'account_groups.0', lookup: 'account_groups', name: 'Employees' },
    ]);
  });
});
