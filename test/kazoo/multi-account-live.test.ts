import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/index.js';
import { prepareKazoo, readKazooRows } from '../../src/kazoo/stage-kazoo.js';
import { type KazooStandIn, type StandInAccount, startKazooStandIn } from '../../src/kazoo/stand-in.js';
import type { MapResult } from '../../src/mappers/types.js';
import { makeTempDir } from '../helpers/io.js';
import { fileSettings, fixtureDir, readFixture, TOKEN } from './kazoo-fixtures.js';

const A = '6c1a4f2e8b9d4e7fa0b3c5d7e9f1a2b4';
const B = 'd4e5f60718293a4b5c6d7e8f90a1b2c3';
const C = '0f9e8d7c6b5a49382716a5b4c3d2e1f0';
const crosswalk = { [A]: '10002', [B]: '10006', [C]: '10010' };
const rateCenter = { byNpa: { '920': 1, '512': 3, '716': 4 } };

let standIn: KazooStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** The stand-in serving exactly the listings the multi-account fixture holds. */
async function startWithFixtureAccounts(): Promise<KazooStandIn> {
  const listings = readFixture('phone_numbers-by-account.json') as Record<
    string,
    { data: { numbers: StandInAccount['numbers'] } }
  >;
  const accounts = Object.fromEntries(
    Object.entries(listings).map(([id, l]) => [id, { numbers: l.data.numbers }]),
  );
  standIn = await startKazooStandIn({ token: TOKEN, accounts });
  return standIn;
}

/** What a read produced, without where (file or URL, JSON path) it was read from. */
function comparable(result: MapResult) {
  return {
    records: result.records.map((r) => [
      r.step,
      r.legacyKey,
      r.accountKey,
      r.payload,
      r.source.provenance.row,
    ]),
    rejections: result.rejections.map((r) => [r.code, r.source.provenance.legacyKey]),
  };
}

describe('reading several Kazoo accounts live (kazoo.account_ids)', () => {
  it('gives the same rows as the saved multi-account export, each account paged with the token', async () => {
    const kazoo = await startWithFixtureAccounts();
    const common = {
      services: undefined,
      accountId: undefined,
      accounts: crosswalk,
      rateCenter,
      voiceService: 10,
    };
    const fromFile = await readKazooRows(
      prepareKazoo(
        fileSettings({
          ...common,
          numbers: {
            kind: 'file',
            path: join(fixtureDir, 'phone_numbers-by-account.json'),
            displayName: 'phone_numbers-by-account.json',
          },
        }),
        {},
      ),
    );
    const live = prepareKazoo(
      fileSettings({
        ...common,
        numbers: { kind: 'live_accounts', url: kazoo.url, accountIds: [A, B, C] },
        pageSize: 2,
      }),
      { KAZOO_AUTH_TOKEN: TOKEN },
    );
    const fromLive = await readKazooRows(live);
    expect(comparable(fromLive)).toEqual(comparable(fromFile));
    expect(fromLive.records.filter((r) => r.step === 'dids').map((r) => [r.legacyKey, r.accountKey])).toEqual(
      [
        ['dids:9202000101', '10002'],
        ['dids:9202000102', '10002'],
        ['dids:5125550140', '10006'],
        ['dids:7165550150', '10006'],
        ['dids:9205550160', '10010'],
      ],
    );
    // A: 3 numbers, 2 a page → 2 pages; B: 2 numbers → 1 page (no next_start_key); C: 1 page.
    const pages = kazoo.requests.filter((r) => r.path.endsWith('/phone_numbers'));
    expect(pages.map((r) => [r.path.split('/')[3], r.query.start_key ?? null, r.hadToken])).toEqual([
      [A, null, true],
      [A, '+19202000103', true],
      [B, null, true],
      [C, null, true],
    ]);
    const one = fromLive.records.find((r) => r.legacyKey === 'dids:5125550140');
    expect(one?.source.provenance.file).toBe(`${kazoo.url}/accounts/${B}/phone_numbers`);
  });
});

describe('kazoo.account_ids in the migration file', () => {
  function writeConfig(kazoo: unknown): string {
    const dir = makeTempDir('sonar-migrate-kazoo-ids-');
    writeFileSync(join(dir, 'phone_numbers.json'), '{}');
    const path = join(dir, 'migration.json');
    writeFileSync(path, JSON.stringify({ kazoo }));
    return path;
  }

  it('reads the listed accounts live, with no account_id needed', async () => {
    const config = await loadConfig(
      writeConfig({ url: 'https://kazoo.example:8443/v2/', account_ids: [A, B], rate_center: 1 }),
    );
    expect(config.kazoo?.numbers).toEqual({
      kind: 'live_accounts',
      url: 'https://kazoo.example:8443/v2',
      accountIds: [A, B],
    });
  });

  it('refuses account_ids with a saved file, and a plain http URL to another machine', async () => {
    const withFile = await loadConfig(
      writeConfig({ file: 'phone_numbers.json', account_ids: [A], rate_center: 1 }),
    ).catch((e: unknown) => e);
    expect(withFile).toBeInstanceOf(ConfigError);
    expect((withFile as ConfigError).message).toMatch(/kazoo\.account_ids applies only with "url"/);
    const insecure = await loadConfig(
      writeConfig({ url: 'http://kazoo.example:8000/v2', account_ids: [A], rate_center: 1 }),
    ).catch((e: unknown) => e);
    expect((insecure as ConfigError).message).toMatch(/kazoo\.url uses plain http:\/\/ to another machine/);
  });
});
