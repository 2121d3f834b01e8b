import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors/index.js';
import { loadMappingFile, resolveProfile } from '../../../src/mappers/profiles/index.js';
import { makeTempDir } from '../../helpers/io.js';
import { mapInput } from '../map-input.js';

// A Freeside-like join: customers name their address by location id; the address sits in
// another export file, given to the migration as a lookup.
const mapping = `lookups:
  locations: { key: locationnum, columns: [address1, city] }
  emails: { key: custnum, columns: [dest], skip: { column: dest, is: [POST] } }
  customers: { key: custnum, columns: [bill_locationnum] }
inputs:
  contacts:
    account_key: custnum
    when: { column: custnum, crosswalk: customers.bill_locationnum, same_as: locationnum, not: true }
    fields:
      name: last
      email_address: { column: custnum, transform: crosswalk, crosswalk: emails.dest, optional: true }
      phone_numbers.work: { column: phone, transform: phone, on_invalid: drop }
  addresses:
    account_key: custnum
    fields:
      address_type_id: { value: 1 }
      line1:
        column: locationnum
        transform: crosswalk
        crosswalk: locations.address1
        optional: true
        else: { column: custnum, transform: crosswalk, crosswalk: customers.bill_locationnum, then_crosswalk: locations.address1 }
      city: { column: locationnum, transform: crosswalk, crosswalk: locations.city, optional: true, else: { value: Nowhere } }
      state: { value: WI }
      zip: { value: "54301" }
      country: { value: US }
`;

function writeExport(dir: string) {
  writeFileSync(join(dir, 'mapping.yaml'), mapping);
  writeFileSync(
    join(dir, 'locations.csv'),
    'locationnum,address1,city\n1,1 First St,Green Bay\n2,2 Second St,Appleton\n',
  );
  writeFileSync(join(dir, 'emails.csv'), 'custnum,dest\n7,POST\n7,ann@example.com\n8,POST\n');
  writeFileSync(join(dir, 'customers.csv'), 'custnum,bill_locationnum\n7,1\n8,2\n');
  // custnum 7 row 2 is its own billing location (left out by the when); row 3 has no locationnum.
  writeFileSync(
    join(dir, 'people.csv'),
    'custnum,last,phone,locationnum\n7,Ann,920-555-0100,2\n7,Ann Bill,920-555-0101,1\n8,Bo,22222222222,\n',
  );
}

describe('mapping-file lookups (joins against other export files)', () => {
  it('reads joined values, skips rows, falls back through else and then_crosswalk, and compares columns', async () => {
    const dir = makeTempDir();
    writeExport(dir);
    const files = {
      locations: { path: join(dir, 'locations.csv'), displayName: 'locations.csv' },
      emails: { path: join(dir, 'emails.csv'), displayName: 'emails.csv' },
      customers: { path: join(dir, 'customers.csv'), displayName: 'customers.csv' },
    };
    const profile = await loadMappingFile(join(dir, 'mapping.yaml'), 'mapping.yaml', {}, files);
    const people = { path: join(dir, 'people.csv') };
    const contacts = await mapInput(profile, 'contacts', people);
    // Row 3 (7 at its billing location 1) is left out; "POST" is skipped, so 7's email is the next row's.
    expect(contacts.records.map((r) => [r.accountKey, r.payload.name, r.payload.email_address])).toEqual([
      ['7', 'Ann', 'ann@example.com'],
      ['8', 'Bo', undefined], // only POST: no email
    ]);
    // Bo's 11-digit phone is dropped and reported; the contact is kept.
    expect(contacts.records[1]?.payload).not.toHaveProperty('phone_numbers');
    expect(
      contacts.rejections.map((r) => [r.code, r.source.provenance.row, r.source.provenance.column]),
    ).toEqual([['MAP_FIELD_DROPPED', 4, 'phone']]);
    const addresses = await mapInput(profile, 'addresses', people);
    expect(addresses.records.map((r) => [r.accountKey, r.payload.line1, r.payload.city])).toEqual([
      ['7', '2 Second St', 'Appleton'], // its own locationnum 2
      ['7', '1 First St', 'Green Bay'],
      ['8', '2 Second St', 'Nowhere'], // no locationnum: customer 8's bill_locationnum 2, then locations
    ]);
  });

  it('stops at start-up naming the lookup a configured input needs and the migration file lacks', async () => {
    const dir = makeTempDir();
    writeExport(dir);
    writeFileSync(
      join(dir, 'migration.json'),
      JSON.stringify({
        profile: 'mapping.yaml',
        inputs: { contacts: 'people.csv' },
        lookups: { customers: 'customers.csv', locations: 'locations.csv' },
      }),
    );
    const config = await loadConfig(join(dir, 'migration.json'));
    const error = await resolveProfile(config).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'inputs.contacts: mapping.yaml joins it against the lookup "emails" — add "lookups": { "emails": "<its export file>" } to the migration file (docs/profiles.md says which export).',
    );
  });

  it('refuses a lookup file that does not exist, naming the key, with CONFIG_FILE_MISSING', async () => {
    const dir = makeTempDir();
    writeExport(dir);
    writeFileSync(
      join(dir, 'migration.json'),
      JSON.stringify({ profile: 'mapping.yaml', inputs: {}, lookups: { emails: 'nope.csv' } }),
    );
    const error = await loadConfig(join(dir, 'migration.json')).catch((e: unknown) => e);
    expect((error as ConfigError).code).toBe('CONFIG_FILE_MISSING');
    expect((error as ConfigError).message).toContain('lookups.emails: the file "nope.csv"');
  });
});
