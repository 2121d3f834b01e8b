import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputSpec, RawRow } from '../../src/sources/index.js';
import { readRawRows } from '../../src/sources/index.js';
import { makeTempDir } from '../helpers/io.js';

/** Writes `content` to a fresh temp dir and returns the spec to read it. */
function fixture(name: string, content: string | Buffer, extra: Partial<InputSpec> = {}): InputSpec {
  const path = join(makeTempDir(), name);
  writeFileSync(path, content);
  return { path, displayName: name, ...extra };
}

async function collect(spec: InputSpec): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readRawRows(spec)) rows.push(row);
  return rows;
}

describe('CSV dialects', () => {
  it.each([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('detects a %s delimiter and splits every row on it', async (_name, d) => {
    const text = `${['id', 'name', 'city'].join(d)}\n${['1', 'Ann, Jr.', 'Oslo'].join(d)}\n`;
    const spec = fixture('people.csv', d === ',' ? text.replace('Ann, Jr.', '"Ann, Jr."') : text);
    const rows = await collect(spec);
    expect(rows.map((r) => r.values)).toEqual([
      ['id', 'name', 'city'],
      ['1', 'Ann, Jr.', 'Oslo'],
    ]);
    expect(rows.map((r) => r.row)).toEqual([1, 2]);
  });

  it('prefers the delimiter found the same number of times on every row over commas inside cells', async () => {
    const spec = fixture('semi.csv', 'name;address\nBob;1 Main St, Apt 2, Springfield\nAl;Elm, Rd\n');
    const rows = await collect(spec);
    expect(rows[1]?.values).toEqual(['Bob', '1 Main St, Apt 2, Springfield']);
  });

  it('uses the delimiter the input sets instead of detecting one', async () => {
    const spec = fixture('set.txt', 'a;b|c\n', { delimiter: '|' });
    expect((await collect(spec))[0]?.values).toEqual(['a;b', 'c']);
  });

  it('accepts "tab" as a delimiter name', async () => {
    const spec = fixture('set.tsv', 'a,b\tc\n', { delimiter: 'tab' });
    expect((await collect(spec))[0]?.values).toEqual(['a,b', 'c']);
  });

  it('keeps a quoted cell with embedded newlines as one row and numbers the next row right', async () => {
    const spec = fixture('notes.csv', 'id,note\r\n1,"line one\r\nline two\r\nline ""three"""\r\n2,plain\r\n');
    const rows = await collect(spec);
    expect(rows).toEqual([
      { file: 'notes.csv', row: 1, values: ['id', 'note'] },
      { file: 'notes.csv', row: 2, values: ['1', 'line one\r\nline two\r\nline "three"'] },
      { file: 'notes.csv', row: 3, values: ['2', 'plain'] },
    ]);
  });

  it('skips blank lines but counts them as rows, as a spreadsheet shows them', async () => {
    const spec = fixture('gaps.csv', 'a,b\n\n1,2\n,,\n3,4');
    const rows = await collect(spec);
    expect(rows.map((r) => [r.row, r.values])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', '2']],
      [5, ['3', '4']],
    ]);
  });

  it('keeps ragged rows as they are', async () => {
    const spec = fixture('ragged.csv', 'a,b,c\n1\n1,2,3,4\n');
    expect((await collect(spec)).map((r) => r.values.length)).toEqual([3, 1, 4]);
  });

  it('keeps a stray quote inside an unquoted cell as text', async () => {
    const spec = fixture('dish.csv', 'item,size\ndish,24" wide\n');
    expect((await collect(spec))[1]?.values).toEqual(['dish', '24" wide']);
  });

  it('reports an unclosed quote as SOURCE_CSV_MALFORMED naming the row and line where it opens', async () => {
    const spec = fixture('broken.csv', 'a,b\n1,2\n3,"never closed\n4,5\n');
    const error = await collect(spec).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SOURCE_CSV_MALFORMED',
      provenance: { file: 'broken.csv', row: 3, column: 'B', columnName: 'b' },
    });
    // The column by its letter and by the name the first row gives it.
    expect((error as Error).message).toContain(
      'broken.csv:3 column "B" (b) (line 3): a quoted cell starting on this row is never closed',
    );
  });

  it('rejects an extension it cannot read with SOURCE_UNSUPPORTED_FORMAT', async () => {
    const spec = fixture('old.xls', 'x');
    await expect(collect(spec)).rejects.toMatchObject({ code: 'SOURCE_UNSUPPORTED_FORMAT' });
  });

  it('reports a missing file as SOURCE_UNREADABLE naming it as the user wrote it', async () => {
    const spec = { path: join(makeTempDir(), 'nope.csv'), displayName: 'data/nope.csv' };
    const error = await collect(spec).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_UNREADABLE', provenance: { file: 'data/nope.csv' } });
  });

  it('stops reading when the caller stops iterating', async () => {
    const spec = fixture('many.csv', 'a\n1\n2\n3\n');
    const seen: number[] = [];
    for await (const row of readRawRows(spec)) {
      seen.push(row.row);
      if (row.row === 2) break;
    }
    expect(seen).toEqual([1, 2]);
  });
});
