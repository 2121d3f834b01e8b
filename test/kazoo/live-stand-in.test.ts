import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, SourceError } from '../../src/errors/index.js';
import { prepareKazoo, readKazooRows } from '../../src/kazoo/stage-kazoo.js';
import { type KazooStandIn, startKazooStandIn } from '../../src/kazoo/stand-in.js';
import type { MapResult } from '../../src/mappers/types.js';
import { ACCOUNT_A, fileSettings, liveSettings, standInAccountA, TOKEN } from './kazoo-fixtures.js';

let standIn: KazooStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

async function start(): Promise<KazooStandIn> {
  standIn = await startKazooStandIn({ token: TOKEN, accounts: { [ACCOUNT_A]: standInAccountA() } });
  return standIn;
}

/** What a read produced, without where it was read from (a file name or a URL). */
function comparable(result: MapResult) {
  return {
    records: result.records.map((r) => ({
      step: r.step,
      legacyKey: r.legacyKey,
      accountKey: r.accountKey,
      payload: r.payload,
      refs: r.refs,
      row: r.source.provenance.row,
      column: r.source.provenance.column,
      values: r.source.values,
    })),
    rejections: result.rejections.map((r) => ({
      code: r.code,
      legacyKey: r.source.provenance.legacyKey,
      row: r.source.provenance.row,
      column: r.source.provenance.column,
      message: r.message.replace(/^.*?:\d+ /, ''),
    })),
  };
}

/** Runs `fn` and returns what it threw. */
async function thrown(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('reading Kazoo live over HTTP', () => {
  it('gives the same rows as the saved export, reading page by page with the token', async () => {
    const kazoo = await start();
    const fromFile = await readKazooRows(prepareKazoo(fileSettings(), {}));
    const live = prepareKazoo(liveSettings(kazoo.url, { pageSize: 4 }), { KAZOO_AUTH_TOKEN: TOKEN });
    const fromLive = await readKazooRows(live);
    expect(comparable(fromLive)).toEqual(comparable(fromFile));
    const pages = kazoo.requests.filter((r) => r.path.endsWith('/phone_numbers'));
    // 17 numbers, 4 a page: 5 pages, each after the first starting at the previous next_start_key.
    expect(pages.map((r) => r.query)).toEqual([
      { page_size: '4' },
      { page_size: '4', start_key: '+14155550100' },
      { page_size: '4', start_key: '+15125550123' },
      { page_size: '4', start_key: '+19005550100' },
      { page_size: '4', start_key: '4155550199' },
    ]);
    expect(kazoo.requests.every((r) => r.hadToken)).toBe(true);
    expect(kazoo.requests.map((r) => r.path)).toContain(`/v2/accounts/${ACCOUNT_A}/services`);
  });

  it('names the listing URL (never the token) as the file of live rows', async () => {
    const kazoo = await start();
    const { rejections } = await readKazooRows(
      prepareKazoo(liveSettings(kazoo.url), { KAZOO_AUTH_TOKEN: TOKEN }),
    );
    const uk = rejections.find((r) => r.source.provenance.legacyKey === '+442071838750');
    expect(uk?.source.provenance.file).toBe(`${kazoo.url}/accounts/${ACCOUNT_A}/phone_numbers`);
    expect(JSON.stringify(rejections)).not.toContain(TOKEN);
  });

  it('refuses to read live without KAZOO_AUTH_TOKEN, before any request', async () => {
    const kazoo = await start();
    const error = (() => {
      try {
        prepareKazoo(liveSettings(kazoo.url), {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_KAZOO_TOKEN_MISSING');
    expect(kazoo.requests).toEqual([]);
  });

  it('reports a refused token as SOURCE_KAZOO_AUTH without the token in the message', async () => {
    const kazoo = await start();
    const wrong = `${TOKEN}-expired`;
    const error = await thrown(() =>
      readKazooRows(prepareKazoo(liveSettings(kazoo.url), { KAZOO_AUTH_TOKEN: wrong })),
    );
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).code).toBe('SOURCE_KAZOO_AUTH');
    expect((error as SourceError).message).toBe(
      `${kazoo.url}/accounts/${ACCOUNT_A}/phone_numbers (page 1): Kazoo refused the X-Auth-Token (HTTP 401: 401 invalid_credentials) — set KAZOO_AUTH_TOKEN to a current token of a user that can read this account.`,
    );
    expect(String((error as Error).stack)).not.toContain(wrong);
  });

  it('retries a 503 and then reads everything', async () => {
    const kazoo = await start();
    kazoo.failNext(503, 2);
    const reader = prepareKazoo(liveSettings(kazoo.url), { KAZOO_AUTH_TOKEN: TOKEN }, { backoffMs: 0 });
    const { records } = await readKazooRows(reader);
    expect(records.filter((r) => r.step === 'did_inventory')).toHaveLength(7);
    expect(kazoo.requests.filter((r) => r.path.endsWith('/phone_numbers'))).toHaveLength(3);
  });

  it('gives up on a server that keeps failing with SOURCE_KAZOO_HTTP, the token nowhere in the error', async () => {
    const kazoo = await start();
    kazoo.failNext(500, 3);
    const reader = prepareKazoo(liveSettings(kazoo.url), { KAZOO_AUTH_TOKEN: TOKEN }, { backoffMs: 0 });
    const error = await thrown(() => readKazooRows(reader));
    expect((error as SourceError).code).toBe('SOURCE_KAZOO_HTTP');
    expect((error as Error).message).toMatch(/answered HTTP 500: 500 scripted fault after 3 attempts/);
    expect(`${(error as Error).message}\n${(error as Error).stack}`).not.toContain(TOKEN);
  });

  it('reports an unknown Kazoo account as SOURCE_KAZOO_HTTP naming the check to make', async () => {
    const kazoo = await start();
    const settings = liveSettings(kazoo.url, {
      numbers: { kind: 'live', url: kazoo.url, accountId: 'no-such-account' },
      services: undefined,
    });
    const error = await thrown(() => readKazooRows(prepareKazoo(settings, { KAZOO_AUTH_TOKEN: TOKEN })));
    expect((error as SourceError).code).toBe('SOURCE_KAZOO_HTTP');
    expect((error as Error).message).toMatch(
      /HTTP 404: 404 bad_identifier — check kazoo.url and kazoo.account_id/,
    );
  });

  it('reports an unreachable Kazoo as SOURCE_KAZOO_HTTP after its retries', async () => {
    const kazoo = await start();
    const url = kazoo.url;
    await kazoo.close();
    standIn = undefined;
    const reader = prepareKazoo(liveSettings(url), { KAZOO_AUTH_TOKEN: TOKEN }, { backoffMs: 0 });
    const error = await thrown(() => readKazooRows(reader));
    expect((error as SourceError).code).toBe('SOURCE_KAZOO_HTTP');
    expect((error as Error).message).toMatch(/could not be reached \(ECONNREFUSED\) after 3 attempts/);
  });
});
