import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { MigrateError, SourceError } from '../errors/index.js';
import { cellText } from './cell-text.js';
import type { InputSpec, RawRow } from './types.js';
import { openZipArchive, type ZipArchive } from './zip-archive.js';

// exceljs is loaded on first use, not at start-up: it takes a few hundred ms to load, and most runs
// (every CSV-only validate or load) never touch a workbook. It is CommonJS, so require is synchronous.
const requireModule = createRequire(import.meta.url);
let excelModule: typeof ExcelJS | undefined;
function excel(): typeof ExcelJS {
  excelModule ??= requireModule('exceljs') as typeof ExcelJS;
  return excelModule;
}

/** A sheet as xl/workbook.xml lists it. */
interface SheetEntry {
  name: string;
  rId: string;
}

/**
 * The part parsers of exceljs's streaming WorkbookReader (4.x; not in its typings). We feed them
 * the parts in the order they depend on each other, read from the zip's central directory,
 * instead of letting its single streaming pass meet them in storage order.
 */
interface PartParsers {
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncGenerator<unknown>;
  _parseStyles(part: Readable): Promise<void>;
  _parseWorksheet(part: Readable, sheetNo: string): Generator<{ value: AsyncIterable<ExcelJS.Row> }>;
  workbookRels?: { Id: string; Target: string }[];
  model?: { sheets?: SheetEntry[] };
  properties?: { model?: { date1904?: boolean } };
}

/**
 * Streams one sheet of an XLSX workbook as RawRows: the sheet is `spec.sheet`, else the first tab.
 * Only that sheet is read, row by row, so a big workbook is never held in memory. Row numbers are
 * the sheet's own; rows whose cells are all empty are not yielded.
 */
export async function* readXlsxRows(spec: InputSpec): AsyncGenerator<RawRow> {
  const archive = await openZipArchive(spec.path).catch((error: unknown) => {
    throw unreadable(error, spec);
  });
  let sheetPart: Readable | undefined;
  try {
    const parsers = await readWorkbookParts(archive, spec);
    const sheet = chooseSheet(parsers.model?.sheets ?? [], spec);
    const partName = sheetPartName(parsers, sheet);
    if (!partName || !archive.has(partName))
      throw unreadable(new Error(`sheet "${sheet.name}" has no part`), spec);
    sheetPart = await archive.open(partName);
    const [event] = parsers._parseWorksheet(sheetPart, /sheet(\d+)\.xml$/.exec(partName)?.[1] ?? '1');
    if (!event) throw unreadable(new Error('exceljs gave no sheet reader'), spec);
    const date1904 = parsers.properties?.model?.date1904 === true;
    for await (const row of event.value) {
      const values = rowValues(row, date1904);
      if (values.every((v) => v === '')) continue;
      yield { file: spec.displayName, sheet: sheet.name, row: row.number, values };
    }
  } catch (error) {
    throw error instanceof MigrateError ? error : unreadable(error, spec);
  } finally {
    sheetPart?.destroy(); // also when the caller stops early
    archive.close();
  }
}

/** Parses the workbook's relationships, sheet list, shared strings and styles, in that order. */
async function readWorkbookParts(archive: ZipArchive, spec: InputSpec): Promise<PartParsers> {
  const parsers = new (excel().stream.xlsx.WorkbookReader)(spec.path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell dates from numbers
    hyperlinks: 'ignore', // a hyperlink cell then reads as its text
    entries: 'ignore',
  }) as unknown as PartParsers;
  if (!archive.has('xl/workbook.xml')) throw unreadable(new Error('no xl/workbook.xml part'), spec);
  if (archive.has('xl/_rels/workbook.xml.rels'))
    await parsers._parseRels(await archive.open('xl/_rels/workbook.xml.rels'));
  await parsers._parseWorkbook(await archive.open('xl/workbook.xml'));
  if (archive.has('xl/sharedStrings.xml')) {
    for await (const _ of parsers._parseSharedStrings(await archive.open('xl/sharedStrings.xml'))) {
      // 'cache' mode: the strings are kept on the reader, nothing is emitted
    }
  }
  if (archive.has('xl/styles.xml')) await parsers._parseStyles(await archive.open('xl/styles.xml'));
  return parsers;
}

function chooseSheet(sheets: SheetEntry[], spec: InputSpec): SheetEntry {
  if (sheets.length === 0)
    throw unreadable(new Error('xl/workbook.xml lists no sheet this reader understands'), spec);
  const sheet = spec.sheet === undefined ? sheets[0] : sheets.find((s) => s.name === spec.sheet);
  if (!sheet)
    throw missingSheet(
      spec,
      sheets.map((s) => s.name),
    );
  return sheet;
}

/** The zip path of a sheet's part: relationship targets are relative to xl/ unless absolute. */
function sheetPartName(parsers: PartParsers, sheet: SheetEntry): string | undefined {
  const target = parsers.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target;
  if (target === undefined) return undefined;
  return target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
}

function rowValues(row: ExcelJS.Row, date1904: boolean): string[] {
  const values: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
    while (values.length < columnNumber - 1) values.push('');
    values[columnNumber - 1] = cellText(cell, date1904);
  });
  return values;
}

function missingSheet(spec: InputSpec, names: string[]): SourceError {
  const there = names.length > 0 ? names.map((s) => `"${s}"`).join(', ') : 'none';
  return new SourceError(
    'SOURCE_SHEET_MISSING',
    `${spec.displayName}: no sheet named "${spec.sheet ?? ''}" (sheets: ${there}) — set "sheet" to one of them.`,
    { file: spec.displayName, ...(spec.sheet !== undefined ? { sheet: spec.sheet } : {}) },
  );
}

function unreadable(error: unknown, spec: InputSpec): SourceError {
  const reason = error instanceof Error ? error.message : String(error);
  return new SourceError(
    'SOURCE_UNREADABLE',
    `${spec.displayName}: cannot read the workbook (${reason}) — check it is an .xlsx file (not .xls or .csv renamed).`,
    { file: spec.displayName },
    { cause: error },
  );
}
