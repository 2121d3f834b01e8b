import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { makeStaged, mapperRejection, record, stage } from './staged-fixtures.js';

describe('StagedRecords', () => {
  it('gives back records and rejections with their column names, stored once per header', () => {
    const { staged, db } = makeStaged();
    const columns = ['ID', 'Name'];
    stage(
      staged,
      [
        record('accounts', '1', 2, { name: 'Acme' }, { values: ['1', 'Acme'], columns }),
        record('accounts', '2', 3, { name: 'Bolt' }, { values: ['2', 'Bolt'], columns }),
      ],
      [mapperRejection('contacts', 4, 'c:9', 'MAP_INVALID_VALUE')],
    );
    expect(
      [...staged.valid('accounts')].map((r) => [r.legacyKey, r.source.values, r.source.columns]),
    ).toEqual([
      ['1', ['1', 'Acme'], columns],
      ['2', ['2', 'Bolt'], columns],
    ]);
    expect([...staged.rejections()][0]?.source.columns).toEqual(['A']);
    expect(db.prepare('SELECT COUNT(*) AS n FROM source_columns').get()).toEqual({ n: 2 });
  });

  it('stages without the indexes of staged and builds them again before any reader or check', () => {
    const { staged, db } = makeStaged();
    const indexes = () =>
      (
        db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'staged' ORDER BY name",
          )
          .all() as Array<{ name: string }>
      ).map((r) => r.name);
    expect(indexes()).toEqual(['staged_account', 'staged_step_key']);
    staged.clear();
    expect(indexes()).toEqual([]);
    stage(staged, [
      record('accounts', '1', 2, { name: 'Acme' }),
      record('accounts', '1', 3, { name: 'Acme' }),
    ]);
    expect([...staged.valid('accounts')].map((r) => r.legacyKey)).toEqual(['1', '1']);
    expect(indexes()).toEqual(['staged_account', 'staged_step_key']);
    staged.clear();
    stage(staged, [
      record('accounts', '1', 2, { name: 'Acme' }),
      record('accounts', '1', 3, { name: 'Acme' }),
    ]);
    const summary = runCrossChecks(staged, { inputs: new Set(['accounts']) });
    expect(indexes()).toEqual(['staged_account', 'staged_step_key']);
    expect(summary.rejected).toEqual({ MAP_DUPLICATE_KEY: 1 });
    // A new instance on the same file (status, report, rollback) finds them too.
    staged.clear();
    new StagedRecords(db);
    expect(indexes()).toEqual(['staged_account', 'staged_step_key']);
  });

  it('stores a source the same way whatever order its keys were written in', () => {
    const { staged, db } = makeStaged();
    const plain = record(
      'accounts',
      '1',
      2,
      { name: 'Acme' },
      { values: ['1', 'Acme'], columns: ['ID', 'Name'] },
    );
    const { input, provenance, values, columns } = plain.source;
    const reordered = { ...plain, legacyKey: '2', source: { columns, values, provenance, input } };
    stage(staged, [plain, reordered]);
    const sources = db.prepare('SELECT source FROM staged ORDER BY seq').all() as Array<{ source: string }>;
    expect(JSON.parse(sources[0]?.source ?? '')).toEqual({ input, provenance, values, columnsId: 1 });
    expect(JSON.parse(sources[1]?.source ?? '')).toEqual({ input, provenance, values, columnsId: 1 });
    expect(sources[0]?.source).toBe(
      '{"input":"accounts","provenance":{"file":"accounts.csv","row":2,"legacyKey":"1"},"values":["1","Acme"],"columnsId":1}',
    );
    expect([...staged.valid('accounts')].map((r) => r.source)).toEqual([plain.source, reordered.source]);
  });

  it('reads column names stored by an earlier instance on the same file', () => {
    const { staged, db } = makeStaged();
    stage(staged, [record('accounts', '1', 2, {}, { values: ['1'], columns: ['ID'] })]);
    const again = new StagedRecords(db);
    expect([...again.valid('accounts')][0]?.source.columns).toEqual(['ID']);
  });
  it("keeps an account's Sonar id and sub-account list in columns that read as SQLite reads the payload", () => {
    const { staged, db } = makeStaged();
    const ids: unknown[] = [
      12,
      -3,
      'A-7',
      1.5,
      true,
      1e21,
      2 ** 53 + 2,
      '\ud800x',
      null,
      undefined,
      { n: 1 },
    ];
    const lists: unknown[] = [[5, null], [null, null], [], null, undefined, 7, ['C-1'], [[1]]];
    stage(
      staged,
      ids.flatMap((id, i) =>
        lists.map((subAccounts, j) =>
          record('accounts', `${i}-${j}`, 2 + i * lists.length + j, {
            ...(id === undefined ? {} : { id }),
            ...(subAccounts === undefined ? {} : { sub_accounts: subAccounts }),
          }),
        ),
      ),
    );
    // The alias is exactly what the checks used to compute from the payload.
    const aliases = db
      .prepare(
        `SELECT COUNT(*) AS n, SUM(account_alias IS CAST(json_extract(payload, '$.id') AS TEXT)) AS same FROM staged`,
      )
      .get() as { n: number; same: number };
    expect(aliases).toEqual({ n: ids.length * lists.length, same: ids.length * lists.length });
    // The list's entries that are not null are exactly the payload's.
    const edges = (from: string) =>
      db
        .prepare(
          `SELECT s.seq, CAST(p.value AS TEXT) AS child FROM staged s, ${from} p WHERE p.value IS NOT NULL ORDER BY s.seq, p.key`,
        )
        .all();
    expect(edges('json_each(s.sub_accounts)')).toEqual(edges("json_each(s.payload, '$.sub_accounts')"));
    // Per id, the lists' non-null entries: 5 of [5, null], 7, 'C-1' and [1].
    expect(edges('json_each(s.sub_accounts)')).toHaveLength(ids.length * 4);
  });

  it('adds the account columns to a state file staged by an older version, then stages into it', () => {
    const { dir } = makeStaged();
    const db = openStateDb(join(dir, 'old.db'));
    db.exec(`CREATE TABLE staged (
      seq INTEGER PRIMARY KEY, step TEXT NOT NULL, legacy_key TEXT NOT NULL, account_key TEXT,
      payload TEXT NOT NULL, refs TEXT NOT NULL, source TEXT NOT NULL, rejected INTEGER NOT NULL DEFAULT 0)`);
    const staged = new StagedRecords(db);
    staged.clear();
    stage(staged, [record('accounts', '1', 2, { id: 1, sub_accounts: [2] })]);
    expect(db.prepare('SELECT account_alias, sub_accounts FROM staged').get()).toEqual({
      account_alias: '1',
      sub_accounts: '[2]',
    });
    const summary = runCrossChecks(staged, { inputs: new Set(['accounts']) });
    expect(summary.rejected).toEqual({ MAP_SUB_ACCOUNT_MISSING: 1 });
  });
});
