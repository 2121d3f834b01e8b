import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { type TemplateColumn, type TemplateLayout, templateLayouts } from './template-layouts.js';

// exceljs is loaded on first use, not at start-up: it takes a few hundred ms to load, and most runs
// (every CSV-only validate or load) never touch a workbook. It is CommonJS, so require is synchronous.
const requireModule = createRequire(import.meta.url);
let excelModule: typeof ExcelJS | undefined;
function excel(): typeof ExcelJS {
  excelModule ??= requireModule('exceljs') as typeof ExcelJS;
  return excelModule;
}

/** The workbook `writeTemplates` writes beside the CSVs. */
export const templateWorkbookName = 'sonar-migrate-templates.xlsx';

/** Rows of each template sheet that carry the drop-down lists (a data validation per column range). */
export const validatedRows = 5000;

// A fixed date so regenerating the workbook changes nothing a reader sees.
const fixedDate = new Date(Date.UTC(2024, 0, 1));

/** The header row of an input's CSV template. */
export function templateCsv(layout: TemplateLayout): string {
  return stringify([layout.columns.map((c) => c.header)]);
}

/** The note on a template header: what the column takes. */
export function columnNote(column: TemplateColumn): string {
  const need = column.required ? 'Required.' : 'Optional.';
  const values = column.values ? ` One of: ${column.values.join(', ')}.` : '';
  return `${need} ${column.description}${values}`;
}

/** The lines of the workbook's Instructions sheet. */
export function instructionLines(layouts: readonly TemplateLayout[] = templateLayouts): string[] {
  return [
    'sonar-migrate templates',
    '',
    'One sheet per input. Fill one row per record under the header row; keep the headers as they are.',
    'Point your migration file at the workbook with the "templates" profile, one input per sheet, e.g.',
    '  "profile": "templates", "inputs": { "accounts": { "file": "sonar-migrate-templates.xlsx", "sheet": "accounts" } }',
    'or save each sheet as CSV (the CSV templates beside this workbook have the same headers).',
    '',
    'Every header has a note (hover over it) saying what the column takes; columns with a fixed list',
    'of values have a drop-down. Required columns must be filled; optional ones may be blank.',
    'account_number is your legacy account number: it ties every row to its account.',
    'Ids (account_type_id, service_id, …) are Sonar ids, or the exact Sonar name, resolved when plan/load run.',
    'Dates are YYYY-MM-DD. Lists (account_groups, sub_accounts, email_message_categories) are comma-separated.',
    'Never put a card or bank account number anywhere: only processor tokens are migrated.',
    '',
    'Sheets:',
    ...layouts.map((l) => `  ${l.input}: ${l.columns.length} columns`),
  ];
}

/** Builds the template workbook: an Instructions sheet, then one sheet per input. */
export function templateWorkbook(layouts: readonly TemplateLayout[] = templateLayouts): ExcelJS.Workbook {
  const workbook = new (excel().Workbook)();
  workbook.creator = 'sonar-migrate';
  workbook.created = fixedDate;
  workbook.modified = fixedDate;
  const instructions = workbook.addWorksheet('Instructions');
  instructions.getColumn(1).width = 110;
  for (const line of instructionLines(layouts)) instructions.addRow([line]);
  instructions.getRow(1).font = { bold: true, size: 14 };
  for (const layout of layouts) {
    const sheet = workbook.addWorksheet(layout.input, { views: [{ state: 'frozen', ySplit: 1 }] });
    const header = sheet.getRow(1);
    layout.columns.forEach((column, index) => {
      const cell = header.getCell(index + 1);
      cell.value = column.header;
      cell.note = columnNote(column);
      cell.font = { bold: column.required };
      sheet.getColumn(index + 1).width = Math.max(12, column.header.length + 2);
      // Text columns keep leading zeros (ZIPs, account numbers, DIDs) when typed into Excel.
      if (['key', 'text', 'did', 'phone'].includes(column.kind)) sheet.getColumn(index + 1).numFmt = '@';
      if (column.values) {
        const letter = sheet.getColumn(index + 1).letter;
        // exceljs types omit `dataValidations` on a worksheet, though it exists at run time.
        (
          sheet as unknown as { dataValidations: { add(range: string, v: object): void } }
        ).dataValidations.add(`${letter}2:${letter}${validatedRows}`, {
          type: 'list',
          allowBlank: !column.required,
          formulae: [`"${column.values.join(',')}"`],
          showErrorMessage: true,
          errorTitle: column.header,
          error: `Pick one of: ${column.values.join(', ')}`,
        });
      }
    });
  }
  return workbook;
}

/** Writes one CSV per input (header row only) and the workbook into `dir`; returns the file names. */
export async function writeTemplates(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const layout of templateLayouts) {
    const name = `${layout.input}.csv`;
    await writeFile(join(dir, name), templateCsv(layout));
    written.push(name);
  }
  await templateWorkbook().xlsx.writeFile(join(dir, templateWorkbookName));
  written.push(templateWorkbookName);
  return written;
}
