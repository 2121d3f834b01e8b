import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseWorkbookXml, readWorkbookIndex } from '../../src/sources/workbook-index.js';
import { makeTempDir } from '../helpers/io.js';

describe('workbook index', () => {
  it('reads sheet names and the 1904 date system from the zip without reading the sheets', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    wb.addWorksheet('Accounts & Co');
    wb.addWorksheet('Contacts');
    const path = join(makeTempDir(), 'index.xlsx');
    await wb.xlsx.writeFile(path);
    const index = await readWorkbookIndex(path);
    expect(index?.date1904).toBe(true);
    expect(index?.sheets.map((s) => s.name)).toEqual(['Accounts & Co', 'Contacts']);
  });

  it('parses prefixed workbook XML as other tools write it', () => {
    const xml =
      '<x:workbook xmlns:x="main" xmlns:r="rel"><x:workbookPr date1904="true"/><x:sheets>' +
      '<x:sheet name="Caf&#233; &amp; Bar" sheetId="3" r:id="rId7"/></x:sheets></x:workbook>';
    expect(parseWorkbookXml(xml)).toEqual({
      sheets: [{ name: 'Café & Bar', id: 3, rId: 'rId7' }],
      date1904: true,
    });
  });

  it('gives up quietly on a file that is not a zip, leaving the error to the reader', async () => {
    const { writeFileSync } = await import('node:fs');
    const path = join(makeTempDir(), 'not.xlsx');
    writeFileSync(path, 'plain text');
    expect(await readWorkbookIndex(path)).toBeUndefined();
  });
});
