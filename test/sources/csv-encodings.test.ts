import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { InputSpec, RawRow } from '../../src/sources/index.js';
import { readRawRows } from '../../src/sources/index.js';
import { inputFixture } from './input-fixture.js';

async function collect(spec: InputSpec): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readRawRows(spec)) rows.push(row);
  return rows;
}

const text = 'name;city;fee\nMüller;Köln;€5\nJosé;São Paulo;€7\n';
const expected = [
  ['name', 'city', 'fee'],
  ['Müller', 'Köln', '€5'],
  ['José', 'São Paulo', '€7'],
];

describe('CSV encodings', () => {
  it('reads UTF-8 without a BOM', async () => {
    const rows = await collect(inputFixture('plain.csv', Buffer.from(text, 'utf8')));
    expect(rows.map((r) => r.values)).toEqual(expected);
  });

  it('strips a UTF-8 BOM so the first header cell is clean', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const rows = await collect(inputFixture('bom.csv', Buffer.concat([bom, Buffer.from(text, 'utf8')])));
    expect(rows.map((r) => r.values)).toEqual(expected);
  });

  it('reads UTF-16 LE with its BOM', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect((await collect(inputFixture('le.csv', body))).map((r) => r.values)).toEqual(expected);
  });

  it('reads UTF-16 BE with its BOM', async () => {
    const body = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect((await collect(inputFixture('be.csv', body))).map((r) => r.values)).toEqual(expected);
  });

  it('reads Windows-1252 accents and the euro sign when the encoding is set', async () => {
    const body = iconv.encode(text, 'windows-1252');
    const rows = await collect(inputFixture('cp1252.csv', body, { encoding: 'windows-1252' }));
    expect(rows.map((r) => r.values)).toEqual(expected);
  });

  it('reads Latin-1 when the encoding is set', async () => {
    const body = iconv.encode('name\nMüller\n', 'latin1');
    const rows = await collect(inputFixture('latin1.csv', body, { encoding: 'latin1' }));
    expect(rows[1]?.values).toEqual(['Müller']);
  });

  it('decodes a multi-byte character split across read chunks', async () => {
    // 64 KiB is the read stream's chunk size: put "é" across the boundary.
    const filler = 'x'.repeat(64 * 1024 - 1);
    const rows = await collect(inputFixture('split.csv', Buffer.from(`${filler}é\nnext\n`, 'utf8')));
    expect(rows[0]?.values[0]?.endsWith('xé')).toBe(true);
    expect(rows[1]).toMatchObject({ row: 2, values: ['next'] });
  });

  it('reports Windows-1252 bytes read as UTF-8 as SOURCE_BAD_ENCODING naming the row and the fix', async () => {
    const body = iconv.encode('name,note\n"Ann","two\nlines"\nMüller,x\n', 'windows-1252');
    const error = await collect(inputFixture('legacy.csv', body)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_BAD_ENCODING', provenance: { file: 'legacy.csv', row: 3 } });
    expect((error as Error).message).toBe(
      'legacy.csv:3 (line 4): bytes 0xFC 0x6C 0x6C 0x65 are not valid UTF-8 — the file is probably in another ' +
        'encoding: set "encoding": "windows-1252" (or the right one) for this input.',
    );
  });

  it('reports invalid UTF-8 far into a big file with the right row', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${i + 1},"row ${i + 1}\nsecond line"`);
    const body = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n`, 'utf8'),
      Buffer.from([0x4a, 0x6f, 0x73, 0xe9, 0x0a]),
    ]);
    await expect(collect(inputFixture('deep.csv', body))).rejects.toMatchObject({
      code: 'SOURCE_BAD_ENCODING',
      provenance: { file: 'deep.csv', row: 5001 },
    });
  });

  it('reads an empty file as no rows', async () => {
    expect(await collect(inputFixture('empty.csv', Buffer.alloc(0)))).toEqual([]);
  });

  it('reports a truncated UTF-8 character at the end of the file as SOURCE_BAD_ENCODING', async () => {
    const body = Buffer.concat([Buffer.from('a\nb', 'utf8'), Buffer.from([0xc3])]);
    await expect(collect(inputFixture('cut.csv', body))).rejects.toMatchObject({
      code: 'SOURCE_BAD_ENCODING',
      provenance: { row: 2 },
    });
  });

  it('rejects an unknown encoding name with SOURCE_UNKNOWN_ENCODING', async () => {
    const spec = inputFixture('x.csv', Buffer.from('a\n'), { encoding: 'klingon-8' });
    await expect(collect(spec)).rejects.toMatchObject({ code: 'SOURCE_UNKNOWN_ENCODING' });
  });
});
