import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { InputSpec, RawRow } from '../../src/sources/index.js';
import { columnLetter, readRawRows } from '../../src/sources/index.js';
import { makeTempDir } from '../helpers/io.js';

/** Builds a workbook with exceljs, saves it in a fresh temp dir and returns the spec to read it. */
async function workbookFixture(
  build: (wb: ExcelJS.Workbook) => void,
  extra: Partial<InputSpec> = {},
): Promise<InputSpec> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  const path = join(makeTempDir(), 'book.xlsx');
  await wb.xlsx.writeFile(path);
  return { path, displayName: 'book.xlsx', ...extra };
}

async function collect(spec: InputSpec): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const row of readRawRows(spec)) rows.push(row);
  return rows;
}

describe('XLSX reader', () => {
  it('reads dates of the 1900 system as calendar dates with no time-zone shift', async () => {
    const spec = await workbookFixture((wb) => {
      const ws = wb.addWorksheet('Accounts');
      ws.getCell('A1').value = new Date(Date.UTC(2024, 0, 31));
      ws.getCell('A1').numFmt = 'yyyy-mm-dd';
      ws.getCell('B1').value = 45000; // a serial typed into a date-formatted cell
      ws.getCell('B1').numFmt = 'm/d/yyyy';
      ws.getCell('C1').value = new Date(Date.UTC(2024, 1, 29, 13, 5, 0));
      ws.getCell('C1').numFmt = 'yyyy-mm-dd hh:mm';
    });
    expect((await collect(spec))[0]?.values).toEqual(['2024-01-31', '2023-03-15', '2024-02-29 13:05:00']);
  });

  it('reads dates of the 1904 system as the dates Excel shows', async () => {
    const spec = await workbookFixture((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('Accounts');
      ws.getCell('A1').value = 0; // serial 0 is 1904-01-01 in the 1904 system
      ws.getCell('A1').numFmt = 'yyyy-mm-dd';
      ws.getCell('B1').value = new Date(Date.UTC(2024, 6, 4));
      ws.getCell('B1').numFmt = 'dd/mm/yyyy';
    });
    expect((await collect(spec))[0]?.values).toEqual(['1904-01-01', '2024-07-04']);
  });

  it('writes numbers as Excel shows them: never in exponent form, 15 significant digits', async () => {
    const spec = await workbookFixture((wb) => {
      const ws = wb.addWorksheet('Numbers');
      ws.addRow([1e21, 0.1 + 0.2, 123456789012345680, 1.5e-7, -42, 7.25]);
    });
    expect((await collect(spec))[0]?.values).toEqual([
      '1000000000000000000000',
      '0.3',
      '123456789012346000',
      '0.00000015',
      '-42',
      '7.25',
    ]);
  });

  it('keeps leading zeros of text cells and of numbers in a zero-padded format', async () => {
    const spec = await workbookFixture((wb) => {
      const ws = wb.addWorksheet('Zips');
      ws.getCell('A1').value = '00501';
      ws.getCell('B1').value = 501;
      ws.getCell('B1').numFmt = '00000';
    });
    expect((await collect(spec))[0]?.values).toEqual(['00501', '00501']);
  });

  it('gives formulas their cached result, including a date result', async () => {
    const spec = await workbookFixture((wb) => {
      const ws = wb.addWorksheet('Formulas');
      ws.getCell('A1').value = 42;
      ws.getCell('B1').value = { formula: 'A1*2', result: 84 };
      ws.getCell('C1').value = { formula: 'UPPER("x")', result: 'X' };
      ws.getCell('D1').value = { formula: 'DATE(2023,3,15)', result: 45000 };
      ws.getCell('D1').numFmt = 'yyyy-mm-dd';
    });
    expect((await collect(spec))[0]?.values).toEqual(['42', '84', 'X', '2023-03-15']);
  });

  it('flattens rich text and hyperlinks and writes booleans, errors and empty cells as text', async () => {
    const spec = await workbookFixture((wb) => {
      const ws = wb.addWorksheet('Mixed');
      ws.getCell('A1').value = { richText: [{ text: 'Big ', font: { bold: true } }, { text: 'Co' }] };
      ws.getCell('B1').value = { text: 'our site', hyperlink: 'https://example.com' };
      ws.getCell('C1').value = true;
      ws.getCell('D1').value = false;
      ws.getCell('F1').value = { error: '#N/A' };
    });
    expect((await collect(spec))[0]?.values).toEqual(['Big Co', 'our site', 'TRUE', 'FALSE', '', '#N/A']);
  });

  it('numbers rows as the sheet does and skips empty rows', async () => {
    const spec = await workbookFixture((wb) => {
      const ws = wb.addWorksheet('Gaps');
      ws.getCell('A1').value = 'id';
      ws.getCell('A4').value = '7';
    });
    const rows = await collect(spec);
    expect(rows).toEqual([
      { file: 'book.xlsx', sheet: 'Gaps', row: 1, values: ['id'] },
      { file: 'book.xlsx', sheet: 'Gaps', row: 4, values: ['7'] },
    ]);
  });

  it('reads the named sheet, and the first sheet when none is named', async () => {
    const build = (wb: ExcelJS.Workbook): void => {
      wb.addWorksheet('Accounts').addRow(['first']);
      wb.addWorksheet('Contacts').addRow(['second']);
    };
    const named = await collect(await workbookFixture(build, { sheet: 'Contacts' }));
    expect(named).toEqual([{ file: 'book.xlsx', sheet: 'Contacts', row: 1, values: ['second'] }]);
    const first = await collect(await workbookFixture(build));
    expect(first[0]).toMatchObject({ sheet: 'Accounts', values: ['first'] });
  });

  it('stops reading the workbook when the caller stops iterating', async () => {
    const spec = await workbookFixture((wb) => {
      const ws = wb.addWorksheet('Long');
      for (let i = 1; i <= 50; i++) ws.addRow([`row ${i}`]);
    });
    const seen: number[] = [];
    for await (const row of readRawRows(spec)) {
      seen.push(row.row);
      if (row.row === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
  });

  it('reports a missing sheet as SOURCE_SHEET_MISSING listing the sheets there are', async () => {
    const spec = await workbookFixture(
      (wb) => {
        wb.addWorksheet('Accounts').addRow(['a']);
        wb.addWorksheet('Contacts').addRow(['b']);
      },
      { sheet: 'Customers' },
    );
    const error = await collect(spec).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'SOURCE_SHEET_MISSING',
      provenance: { file: 'book.xlsx', sheet: 'Customers' },
    });
    expect((error as Error).message).toBe(
      'book.xlsx: no sheet named "Customers" (sheets: "Accounts", "Contacts") — set "sheet" to one of them.',
    );
  });

  it('reads every part in dependency order: names, 1904 dates and shared strings stored after the sheets', async () => {
    // exceljs's writer stores xl/sharedStrings.xml and xl/workbook.xml after the sheets; its own
    // streaming pass then misread shared strings now and then (exceljs #683). Read it many times.
    const spec = await workbookFixture((wb) => {
      wb.properties.date1904 = true;
      wb.addWorksheet('Accounts & Co').addRow(['first', 'Ann']);
      const ws = wb.addWorksheet('Contacts');
      ws.getCell('A1').value = 'second';
      ws.getCell('B1').value = 0;
      ws.getCell('B1').numFmt = 'yyyy-mm-dd';
    });
    for (let i = 0; i < 40; i++) {
      expect(await collect(spec)).toEqual([
        { file: 'book.xlsx', sheet: 'Accounts & Co', row: 1, values: ['first', 'Ann'] },
      ]);
      expect(await collect({ ...spec, sheet: 'Contacts' })).toEqual([
        { file: 'book.xlsx', sheet: 'Contacts', row: 1, values: ['second', '1904-01-01'] },
      ]);
    }
  });

  it('reports a zip that is not a workbook as SOURCE_UNREADABLE', async () => {
    const { writeFileSync } = await import('node:fs');
    const path = join(makeTempDir(), 'other.xlsx');
    // A docx-like zip: an archive with no xl/workbook.xml part.
    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document/>');
    writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer' }));
    const error = await collect({ path, displayName: 'other.xlsx' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SOURCE_UNREADABLE', provenance: { file: 'other.xlsx' } });
    expect((error as Error).message).toBe(
      'other.xlsx: cannot read the workbook (no xl/workbook.xml part) — check it is an .xlsx file (not .xls or .csv renamed).',
    );
  });

  it('reports a file that is not a workbook as SOURCE_UNREADABLE', async () => {
    const { writeFileSync } = await import('node:fs');
    const path = join(makeTempDir(), 'fake.xlsx');
    writeFileSync(path, 'id,name\n1,Ann\n');
    await expect(collect({ path, displayName: 'fake.xlsx' })).rejects.toMatchObject({
      code: 'SOURCE_UNREADABLE',
    });
  });

  it('names columns by letter like a spreadsheet', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });
});
