import { describe, expect, it } from 'vitest';
import { StagedRecords } from '../../src/staging/staged-records.js';
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

  it('reads column names stored by an earlier instance on the same file', () => {
    const { staged, db } = makeStaged();
    stage(staged, [record('accounts', '1', 2, {}, { values: ['1'], columns: ['ID'] })]);
    const again = new StagedRecords(db);
    expect([...again.valid('accounts')][0]?.source.columns).toEqual(['ID']);
  });
});
