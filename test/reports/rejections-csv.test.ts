import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { RowRejection } from '../../src/ground/types.js';
import { rejectionColumns, writeRejectedCsvs } from '../../src/reports/rejections-csv.js';
import { makeTempDir } from '../helpers/io.js';
import { makeStaged, stage } from '../store/staged-fixtures.js';

function rejection(
  row: number,
  values: string[],
  columns: string[],
  extra: Partial<RowRejection> = {},
): RowRejection {
  return {
    code: 'MAP_INVALID_VALUE',
    message: `accounts.csv:${row} column "Country": "USA" is not a two-letter country code — use US`,
    source: {
      input: 'accounts',
      provenance: { file: 'accounts.csv', row, column: 'Country', legacyKey: values[0] },
      values,
      columns,
    },
    ...extra,
  };
}

const read = (path: string) =>
  parse(readFileSync(path, 'utf8'), { bom: true, relax_column_count: true }) as string[][];

describe('writeRejectedCsvs', () => {
  it('writes the original columns then _file, _sheet, _row, _column, _code, _error, one line per problem in row order', () => {
    const { staged } = makeStaged();
    const columns = ['ID', 'Name', 'Country'];
    stage(
      staged,
      [],
      [
        rejection(9, ['2', 'Bolt, Inc.', 'USA'], columns),
        rejection(4, ['1', 'Acme "A"', 'USA'], columns),
        rejection(4, ['1', 'Acme "A"', 'USA'], columns, { code: 'MAP_DUPLICATE_KEY', message: 'dup' }),
      ],
    );
    const dir = makeTempDir();
    const files = writeRejectedCsvs(staged, dir);
    expect(files).toEqual([{ input: 'accounts', path: join(dir, 'accounts.rejected.csv'), lines: 3 }]);
    const rows = read(join(dir, 'accounts.rejected.csv'));
    expect(rows[0]).toEqual([...columns, ...rejectionColumns]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[5], r[7]])).toEqual([
      ['1', 'Acme "A"', '4', 'MAP_INVALID_VALUE'],
      ['1', 'Acme "A"', '4', 'MAP_DUPLICATE_KEY'],
      ['2', 'Bolt, Inc.', '9', 'MAP_INVALID_VALUE'],
    ]);
    expect(rows[3]).toEqual([
      '2',
      'Bolt, Inc.',
      'USA',
      'accounts.csv',
      '',
      '9',
      'Country',
      'MAP_INVALID_VALUE',
      'accounts.csv:9 column "Country": "USA" is not a two-letter country code — use US',
    ]);
  });

  it("writes the profile's header names for an input read without a header, so the fixed file is detected again", () => {
    const { staged } = makeStaged();
    stage(staged, [], [rejection(2, ['1', 'Acme', 'USA', 'extra'], ['A', 'B', 'C', 'D'])]);
    const dir = makeTempDir();
    writeRejectedCsvs(staged, dir, { accounts: { headerNames: ['ID', 'Name', 'Country'] } });
    expect(read(join(dir, 'accounts.rejected.csv'))[0]).toEqual([
      'ID',
      'Name',
      'Country',
      'D',
      ...rejectionColumns,
    ]);
  });

  it('writes no header line for an input the profile reads without any header', () => {
    const { staged } = makeStaged();
    stage(staged, [], [rejection(2, ['1', 'Acme', 'USA'], ['A', 'B', 'C'])]);
    const dir = makeTempDir();
    writeRejectedCsvs(staged, dir, { accounts: { headerNames: null } });
    const rows = read(join(dir, 'accounts.rejected.csv'));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.slice(0, 3)).toEqual(['1', 'Acme', 'USA']);
  });

  it("writes in the input's configured encoding", () => {
    const { staged } = makeStaged();
    stage(staged, [], [rejection(2, ['1', 'José Muñoz', 'USA'], ['ID', 'Name', 'Country'])]);
    const dir = makeTempDir();
    writeRejectedCsvs(staged, dir, { accounts: { encoding: 'windows-1252' } });
    const bytes = readFileSync(join(dir, 'accounts.rejected.csv'));
    expect(bytes.includes(Buffer.from([0xe9]))).toBe(true);
    expect(iconv.decode(bytes, 'windows-1252')).toContain('José Muñoz');
  });

  it('writes nothing for inputs without rejections', () => {
    const { staged } = makeStaged();
    expect(writeRejectedCsvs(staged, makeTempDir())).toEqual([]);
  });
});
