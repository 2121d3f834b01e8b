import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors/index.js';
import { type KazooEntry, readKazooNumbers } from '../../src/kazoo/read-export.js';
import { prepareKazoo, readKazooRows } from '../../src/kazoo/stage-kazoo.js';
import { makeTempDir } from '../helpers/io.js';
import { fileSettings, fixtureDir } from './kazoo-fixtures.js';

const A = '6c1a4f2e8b9d4e7fa0b3c5d7e9f1a2b4';
const B = 'd4e5f60718293a4b5c6d7e8f90a1b2c3';
const C = '0f9e8d7c6b5a49382716a5b4c3d2e1f0';
const byAccount = {
  kind: 'file' as const,
  path: join(fixtureDir, 'phone_numbers-by-account.json'),
  displayName: 'numbers.json',
};

async function readAll(source: { kind: 'file'; path: string; displayName: string }): Promise<KazooEntry[]> {
  const out: KazooEntry[] = [];
  for await (const entry of readKazooNumbers(source, 50)) out.push(entry);
  return out;
}

function savedFile(data: unknown): { kind: 'file'; path: string; displayName: string } {
  const path = join(makeTempDir('sonar-migrate-kazoo-multi-'), 'numbers.json');
  writeFileSync(path, JSON.stringify(data));
  return { kind: 'file', path, displayName: 'numbers.json' };
}

describe('reading phone_numbers listings of several Kazoo accounts, keyed by account id', () => {
  it('reads every account in file order, each number with its listing account and JSON path', async () => {
    const entries = await readAll(byAccount);
    expect(entries.map((e) => [e.index, e.key, e.listingAccount, e.path])).toEqual([
      [1, '+19202000101', A, `["${A}"].data.numbers["+19202000101"]`],
      [2, '+19202000102', A, `["${A}"].data.numbers["+19202000102"]`],
      [3, '+19202000103', A, `["${A}"].data.numbers["+19202000103"]`],
      [4, '+15125550140', B, `["${B}"].data.numbers["+15125550140"]`],
      [5, '+17165550150', B, `["${B}"].data.numbers["+17165550150"]`],
      [6, '+19205550160', C, `["${C}"].data.numbers["+19205550160"]`],
    ]);
  });

  it('reads an account saved as an array of pages and one saved as its bare data', async () => {
    const doc = { state: 'in_service', features: [] };
    const entries = await readAll(
      savedFile({
        [A]: [
          { data: { numbers: { '+19202000101': doc } }, next_start_key: '+19202000102', page_size: 1 },
          { data: { numbers: { '+19202000102': doc } }, page_size: 1, start_key: '+19202000102' },
        ],
        [B]: { cascade_quantity: 0, numbers: { '+15125550140': doc } },
      }),
    );
    expect(entries.map((e) => [e.index, e.listingAccount, e.path])).toEqual([
      [1, A, `["${A}"][0].data.numbers["+19202000101"]`],
      [2, A, `["${A}"][1].data.numbers["+19202000102"]`],
      [3, B, `["${B}"].numbers["+15125550140"]`],
    ]);
  });

  it('refuses a key that is not a Kazoo account id, naming it and the expected forms', async () => {
    const error = await readAll(savedFile({ customers: { data: { numbers: {} } } })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).code).toBe('SOURCE_KAZOO_INVALID');
    expect((error as SourceError).provenance).toEqual({ file: 'numbers.json', column: '["customers"]' });
    expect((error as SourceError).message).toBe(
      'numbers.json: not a phone_numbers listing ({"data": {"numbers": {"+1…": {…}}}}), nor listings keyed by Kazoo account id: the key "customers" is not a Kazoo account id (32 hex digits) — save each account\'s answer under its account id.',
    );
  });

  it('refuses an account whose listing is not one, with the path inside the file', async () => {
    const error = await readAll(savedFile({ [A]: { data: { numbers: ['+19202000101'] } } })).catch(
      (e: unknown) => e,
    );
    expect((error as SourceError).code).toBe('SOURCE_KAZOO_INVALID');
    expect((error as SourceError).provenance).toEqual({
      file: 'numbers.json',
      column: `["${A}"].data.numbers`,
    });
  });

  it('assigns each number to the Sonar account its Kazoo account maps to; one with no assigned_to to its listing account', async () => {
    const file = savedFile({
      [A]: { data: { numbers: { '+19202000101': { state: 'in_service' } } } },
      [B]: { data: { numbers: { '+15125550140': { assigned_to: B, state: 'in_service' } } } },
    });
    const settings = fileSettings({
      numbers: file,
      services: undefined,
      accountId: undefined,
      accounts: { [A]: '10002', [B]: '10006' },
      rateCenter: { byNpa: { '920': 1, '512': 3 } },
      voiceService: 10,
    });
    const { records, rejections } = await readKazooRows(prepareKazoo(settings, {}));
    expect(rejections).toEqual([]);
    expect(records.map((r) => [r.step, r.legacyKey, r.accountKey, r.payload])).toEqual([
      ['did_inventory', 'did_inventory:9202000101', undefined, { dids: ['9202000101'], rate_center_id: 1 }],
      ['dids', 'dids:9202000101', '10002', { did: '9202000101', service_id: 10 }],
      ['did_inventory', 'did_inventory:5125550140', undefined, { dids: ['5125550140'], rate_center_id: 3 }],
      ['dids', 'dids:5125550140', '10006', { did: '5125550140', service_id: 10 }],
    ]);
  });
});

describe('reading services summaries of several Kazoo accounts, keyed by account id', () => {
  const servicesByAccount = {
    kind: 'file' as const,
    path: join(fixtureDir, 'services-by-account.json'),
    displayName: 'services.json',
  };
  const settings = (accounts: Record<string, string>) =>
    fileSettings({
      numbers: savedFile({}),
      services: servicesByAccount,
      accountId: undefined,
      accounts,
      servicesCrosswalk: { 'phone_numbers.did_us': 41, users: 43, devices: false },
    });

  it('puts each account summary on the Sonar account of its Kazoo account, 4.x and 3.x shapes alike', async () => {
    const { records, rejections } = await readKazooRows(
      prepareKazoo(settings({ [A]: '10002', [B]: '10006', [C]: '10010' }), {}),
    );
    expect(rejections).toEqual([]);
    expect(
      records.map((r) => [
        r.accountKey,
        r.payload.service_id,
        r.payload.quantity,
        r.source.provenance.column,
      ]),
    ).toEqual([
      ['10002', 41, 2, `["${A}"].data.quantities.account.phone_numbers.did_us`],
      ['10002', 43, 2, `["${A}"].data.quantities.account.users.user`],
      ['10006', 41, 2, `["${B}"].data.quantities.account.phone_numbers.did_us`],
      ['10006', 43, 2, `["${B}"].data.quantities.account.users.admin`],
      ['10010', 41, 1, `["${C}"].data.quantities.phone_numbers.did_us`],
      ['10010', 43, 1, `["${C}"].data.quantities.users.user`],
    ]);
  });

  it('rejects the billed lines of an account missing from the crosswalk, naming it', async () => {
    const { records, rejections } = await readKazooRows(
      prepareKazoo(settings({ [A]: '10002', [B]: '10006' }), {}),
    );
    expect(records.map((r) => r.accountKey)).toEqual(['10002', '10002', '10006', '10006']);
    expect(rejections.map((r) => [r.code, r.source.provenance.legacyKey])).toEqual([
      ['MAP_MISSING_REQUIRED', 'phone_numbers.did_us'],
      ['MAP_MISSING_REQUIRED', 'users.user'],
    ]);
    expect(rejections[0]?.message).toMatch(
      new RegExp(`the Kazoo account "${C}" has no Sonar account — add it to kazoo.account_crosswalk$`),
    );
  });

  it('refuses a single summary when kazoo.account_id does not say whose it is', async () => {
    const single = fileSettings({ numbers: savedFile({}), accountId: undefined });
    const error = await readKazooRows(prepareKazoo(single, {})).catch((e: unknown) => e);
    expect((error as SourceError).code).toBe('SOURCE_KAZOO_INVALID');
    expect((error as SourceError).message).toMatch(
      /^services\.json: one account's services summary, but kazoo\.account_id is not set/,
    );
  });
});
