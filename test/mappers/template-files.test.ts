import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { columnNote, templateWorkbookName, writeTemplates } from '../../src/mappers/template-files.js';
import { templateLayouts } from '../../src/mappers/template-layouts.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

/** What a reader of the workbook sees: sheets, headers, notes and drop-down lists. */
async function readBack(path: string) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook.worksheets.map((sheet) => {
    const headers: string[] = [];
    const notes: string[] = [];
    sheet.getRow(1).eachCell((cell) => {
      headers.push(String(cell.value));
      const note = cell.note;
      notes.push(typeof note === 'string' ? note : (note?.texts?.map((t) => t.text).join('') ?? ''));
    });
    const model = (
      sheet as unknown as { dataValidations: { model: Record<string, { formulae?: string[] }> } }
    ).dataValidations.model;
    const lists = Object.entries(model)
      .filter(([address]) => /^[A-Z]+2$/.test(address))
      .map(([address, v]) => `${address}=${v.formulae?.join('|')}`)
      .sort();
    return { name: sheet.name, headers, notes, lists, rows: sheet.getColumn(1).values.length };
  });
}

describe('templates', () => {
  it('the committed templates/ match a fresh generation from the schemas', async () => {
    const fresh = makeTempDir();
    const written = await writeTemplates(fresh);
    expect(readdirSync('templates').sort()).toEqual([...written].sort());
    for (const name of written.filter((n) => n.endsWith('.csv'))) {
      expect(
        readFileSync(join('templates', name), 'utf8'),
        `templates/${name} drifted: run sonar-migrate templates --out templates`,
      ).toBe(readFileSync(join(fresh, name), 'utf8'));
    }
    expect(await readBack(join('templates', templateWorkbookName))).toEqual(
      await readBack(join(fresh, templateWorkbookName)),
    );
  });

  it('the workbook has instructions, a sheet per input, a note on every header and drop-downs for enumerations', async () => {
    const dir = makeTempDir();
    await writeTemplates(dir);
    const sheets = await readBack(join(dir, templateWorkbookName));
    expect(sheets.map((s) => s.name)).toEqual(['Instructions', ...templateLayouts.map((l) => l.input)]);
    for (const layout of templateLayouts) {
      const sheet = sheets.find((s) => s.name === layout.input);
      expect(sheet?.headers).toEqual(layout.columns.map((c) => c.header));
      expect(sheet?.notes).toEqual(layout.columns.map(columnNote));
      expect(sheet?.notes.every((n) => n.length > 15)).toBe(true);
    }
    const billing = sheets.find((s) => s.name === 'billing_parameters');
    const bill = templateLayouts.find((l) => l.input === 'billing_parameters');
    const letter = String.fromCharCode(65 + (bill?.columns.findIndex((c) => c.header === 'bill_mode') ?? 0));
    expect(billing?.lists).toContain(`${letter}2="invoice,statement"`);
    const cards = sheets.find((s) => s.name === 'credit_cards');
    expect(cards?.lists.some((l) => l.includes('visaelectron'))).toBe(true);
    expect(cards?.notes.find((n) => n.includes('card type'))).toMatch(/^Required\./);
  });

  it('sonar-migrate templates --out DIR writes a CSV per input and the workbook', async () => {
    const dir = makeTempDir();
    const io = captureIo({ cwd: dir });
    const code = await runCommand(['templates', '--out', 'out'], io);
    expect(code).toBe(0);
    expect(io.out()).toContain(`Wrote ${templateLayouts.length + 1} templates`);
    expect(readFileSync(join(dir, 'out', 'accounts.csv'), 'utf8').split(',')[0]).toBe('account_number');
    expect(existsSync(join(dir, 'out', templateWorkbookName))).toBe(true);
  });

  it('sonar-migrate templates without --out is a usage error', async () => {
    const io = captureIo();
    expect(await runCommand(['templates'], io)).toBe(2);
    expect(io.err()).toContain("required option '--out <dir>'");
  });
});
