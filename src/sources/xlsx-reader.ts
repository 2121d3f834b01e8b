import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { MigrateError, SourceError } from '../errors/index.js';
import { cellText } from './cell-text.js';
import type { InputSpec, RawRow } from './types.js';
import { readWorkbookIndex, type WorkbookIndex } from './workbook-index.js';

// exceljs is loaded on first use, not at start-up: it takes a few hundred ms to load, and most runs
// (every CSV-only validate or load) never touch a workbook. It is CommonJS, so require is synchronous.
const requireModule = createRequire(import.meta.url);
let excelModule: typeof ExcelJS | undefined;
function excel(): typeof ExcelJS {
  excelModule ??= requireModule('exceljs') as typeof ExcelJS;
  return excelModule;
}

/** The parts of exceljs's streaming worksheet reader we use (its typings omit the name). */
interface SheetReader extends AsyncIterable<ExcelJS.Row> {
  name?: string;
  id?: number | string;
}

/** The streaming workbook reader's parsed workbook part (not in exceljs's typings). */
interface WorkbookInternals {
  model?: { sheets?: WorkbookIndex['sheets'] };
  properties?: { model?: { date1904?: boolean } };
  stream?: { destroy(): void };
}

/**
 * Streams one sheet of an XLSX workbook as RawRows (exceljs's streaming reader, so a big workbook
 * is never held in memory). Row numbers are the sheet's own; rows whose cells are all empty are
 * not yielded. The sheet is `spec.sheet`, else the first one.
 */
export async function* readXlsxRows(spec: InputSpec): AsyncGenerator<RawRow> {
  const index = await readWorkbookIndex(spec.path);
  const names = index?.sheets.map((s) => s.name);
  if (names && spec.sheet !== undefined && !names.includes(spec.sheet)) throw missingSheet(spec, names);
  const reader = new (excel().stream.xlsx.WorkbookReader)(spec.path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell dates from numbers
    hyperlinks: 'ignore', // a hyperlink cell then reads as its text
    entries: 'ignore',
  });
  const internals = reader as unknown as WorkbookInternals;
  if (index) {
    // Seed what exceljs would learn from xl/workbook.xml, in case that part comes after the sheets.
    internals.model = { sheets: index.sheets };
    internals.properties = { model: { date1904: index.date1904 } };
  }
  const seen: string[] = [];
  let found = false;
  try {
    for await (const sheet of reader as AsyncIterable<SheetReader>) {
      const name = sheet.name ?? `Sheet${sheet.id ?? seen.length + 1}`;
      seen.push(name);
      if (spec.sheet !== undefined && name !== spec.sheet) continue;
      found = true;
      const date1904 = index?.date1904 ?? internals.properties?.model?.date1904 === true;
      for await (const row of sheet) {
        const values = rowValues(row, date1904);
        if (values.every((v) => v === '')) continue;
        yield { file: spec.displayName, sheet: name, row: row.number, values };
      }
      break; // the other sheets are not needed
    }
  } catch (error) {
    throw toSourceError(error, spec);
  } finally {
    internals.stream?.destroy(); // also when the caller stops early
  }
  if (!found) throw missingSheet(spec, names ?? seen);
}

function rowValues(row: ExcelJS.Row, date1904: boolean): string[] {
  const values: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
    while (values.length < columnNumber - 1) values.push('');
    values[columnNumber - 1] = cellText(cell, date1904);
  });
  return values;
}

function missingSheet(spec: InputSpec, seen: string[]): SourceError {
  const there = seen.length > 0 ? seen.map((s) => `"${s}"`).join(', ') : 'none';
  return new SourceError(
    'SOURCE_SHEET_MISSING',
    `${spec.displayName}: no sheet named "${spec.sheet ?? ''}" (sheets: ${there}) — set "sheet" to one of them.`,
    { file: spec.displayName, ...(spec.sheet !== undefined ? { sheet: spec.sheet } : {}) },
  );
}

function toSourceError(error: unknown, spec: InputSpec): MigrateError {
  if (error instanceof MigrateError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new SourceError(
    'SOURCE_UNREADABLE',
    `${spec.displayName}: cannot read the workbook (${reason}) — check it is an .xlsx file (not .xls or .csv renamed).`,
    { file: spec.displayName },
    { cause: error },
  );
}
