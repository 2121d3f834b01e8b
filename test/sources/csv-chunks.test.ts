import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { InputSpec, RawRow } from '../../src/sources/index.js';
import { readRawRowBatches } from '../../src/sources/index.js';
import { inputFixture } from './input-fixture.js';

// The reader gets the file chunk by chunk (64 KiB reads): whatever falls on a
// chunk boundary — a multi-byte character, a quoted line break, the two bytes of a CRLF — must read
// as if the whole text had been parsed at once.

async function collect(spec: InputSpec): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const batch of readRawRowBatches(spec)) rows.push(...batch);
  return rows;
}

/** About 600 KB of rows mixing accents, emoji, quoted line breaks, quotes and blank lines. */
function bigText(eol: string, emoji = true): string {
  const lines = ['id;name;note'];
  for (let i = 1; i <= 6_000; i++) {
    if (i % 997 === 0) lines.push('');
    const name = i % 3 === 0 ? `Müller ${emoji ? '😀' : 'é'} ${i}` : `Zoë "Z" ${i}`;
    const note = i % 5 === 0 ? `"first line${eol}second ""quoted"" line ${i}"` : `plain €${i}`;
    lines.push(`${i};"${name.replaceAll('"', '""')}";${note}`);
  }
  return `${lines.join(eol)}${eol}`;
}

/** The rows the whole text gives when parsed at once, numbered as the reader numbers them. */
function expectedRows(text: string, file: string): Array<Pick<RawRow, 'file' | 'row' | 'values'>> {
  const records = parse(text, { delimiter: ';', relax_column_count: true, relax_quotes: true }) as string[][];
  return records
    .map((values, index) => ({ file, row: index + 1, values }))
    .filter((row) => !row.values.every((value) => value === ''));
}

describe('CSV read in chunks', () => {
  it('reads a big UTF-8 file as the whole text parsed at once, whatever falls on a chunk boundary', async () => {
    for (const eol of ['\n', '\r\n']) {
      const text = bigText(eol);
      const rows = await collect(inputFixture('big.csv', Buffer.from(text, 'utf8')));
      expect(rows).toEqual(expectedRows(text, 'big.csv'));
    }
  });

  it('reads a big file with a UTF-8 BOM, and one in Windows-1252, the same way', async () => {
    const text = bigText('\r\n', false);
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    expect(await collect(inputFixture('bom.csv', bom))).toEqual(expectedRows(text, 'bom.csv'));
    const legacy = inputFixture('legacy.csv', iconv.encode(text, 'windows-1252'), {
      encoding: 'windows-1252',
    });
    expect(await collect(legacy)).toEqual(expectedRows(text, 'legacy.csv'));
  });

  it('reads a big UTF-16 file (decoded, then handed to the parser as UTF-8) the same way', async () => {
    const text = bigText('\n');
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect(await collect(inputFixture('wide.csv', body))).toEqual(expectedRows(text, 'wide.csv'));
  });
});
