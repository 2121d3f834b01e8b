import { describe, expect, it } from 'vitest';
import type { RawRow, SourceRow } from '../../src/sources/index.js';
import { applyHeader, headerIndex } from '../../src/sources/index.js';

async function* rowsOf(...values: string[][]): AsyncGenerator<RawRow> {
  let row = 0;
  for (const v of values) yield { file: 'accounts.csv', row: ++row, values: v };
}

async function collect(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const expected = ['ID', 'Name', 'Account Type ID', 'Account Status ID'];

describe('applyHeader', () => {
  it('consumes a required header and names the columns by it, keeping row numbers', async () => {
    const rows = await collect(applyHeader(rowsOf(['id', ' name '], ['1', 'Ann', 'extra']), 'required'));
    expect(rows).toEqual([
      { file: 'accounts.csv', row: 2, values: ['1', 'Ann', 'extra'], columns: ['id', 'name', 'C'] },
    ]);
  });

  it('names columns by letter when there is no header', async () => {
    const rows = await collect(applyHeader(rowsOf(['1', 'Ann']), 'none'));
    expect(rows).toEqual([{ file: 'accounts.csv', row: 1, values: ['1', 'Ann'], columns: ['A', 'B'] }]);
  });

  it('detects a header whose names match the expected ones ignoring case and spaces', async () => {
    const rows = await collect(
      applyHeader(rowsOf(['id', 'NAME', 'accounttypeid', 'Status'], ['7', 'Bob', '1', '2']), {
        detect: expected,
      }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ row: 2, columns: ['id', 'NAME', 'accounttypeid', 'Status'] });
  });

  it('treats the first row as data when too few cells match the expected names', async () => {
    const rows = await collect(
      applyHeader(rowsOf(['7', 'Name', '1', '2'], ['8', 'Eve', '1', '2']), { detect: expected }),
    );
    expect(rows.map((r) => [r.row, r.columns[0]])).toEqual([
      [1, 'A'],
      [2, 'A'],
    ]);
  });

  it('names a column under an empty header cell by its letter', async () => {
    const rows = await collect(applyHeader(rowsOf(['id', '', 'city'], ['1', 'x', 'Oslo']), 'required'));
    expect(rows[0]?.columns).toEqual(['id', 'B', 'city']);
  });
});

describe('headerIndex', () => {
  it('finds columns by name ignoring case and spaces', () => {
    const index = headerIndex(['Account ID', 'Email Address']);
    expect(index.indexOf('emailaddress')).toBe(1);
    expect(index.indexOf('account id')).toBe(0);
    expect(index.indexOf('Phone')).toBeUndefined();
    expect(index.duplicates).toEqual([]);
  });

  it('lists duplicate names and refuses to pick one of them', () => {
    const index = headerIndex(['Email', 'Name', 'email '], { file: 'contacts.csv', row: 1 });
    expect(index.duplicates).toEqual(['Email']);
    expect(index.indexOf('Name')).toBe(1);
    let error: unknown;
    try {
      index.indexOf('EMAIL');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'SOURCE_HEADER_DUPLICATE',
      provenance: { file: 'contacts.csv', row: 1, column: 'EMAIL' },
    });
    expect((error as Error).message).toBe(
      'contacts.csv:1: header "EMAIL" names columns A, C — rename one of them in the file, or map a column by letter.',
    );
  });
});
