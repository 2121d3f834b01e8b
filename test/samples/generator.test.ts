import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../helpers/io.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const committed = join(root, 'samples');
const sets = ['sonar-importer', 'legacy-billing', 'dirty'];

/** Run the real generator script into `out`. */
async function generate(out: string, ...args: string[]) {
  return run(process.execPath, [join(root, 'scripts/generate-samples.mjs'), '--out', out, ...args], {
    cwd: root,
  });
}

/** The data rows of a committed CSV (header dropped when `header`). */
function rowsOf(path: string, header: boolean): string[][] {
  const rows: string[][] = parse(readFileSync(path), { bom: true, relax_column_count: true });
  return header ? rows.slice(1) : rows;
}

const importer = (name: string, header: boolean) =>
  rowsOf(join(committed, 'sonar-importer', `${name}.csv`), header);

describe('generate-samples', () => {
  it('writes the same bytes on every run, and the committed samples equal a fresh generation', async () => {
    const first = makeTempDir();
    const second = makeTempDir();
    await generate(first);
    await generate(second);
    for (const set of sets) {
      const files = readdirSync(join(first, set)).sort();
      expect(files.length, set).toBe({ 'sonar-importer': 12, 'legacy-billing': 5, dirty: 13 }[set]);
      expect(readdirSync(join(second, set)).sort()).toEqual(files);
      for (const file of files) {
        const fresh = readFileSync(join(first, set, file));
        expect(
          readFileSync(join(second, set, file)).equals(fresh),
          `${set}/${file} differs between runs`,
        ).toBe(true);
        // Hand-written files (the legacy README, a later mapping.yaml) are not generated and not compared.
        expect(
          readFileSync(join(committed, set, file)).equals(fresh),
          `samples/${set}/${file} drifted: run npm run samples`,
        ).toBe(true);
      }
    }
  });

  it('writes exactly --accounts accounts in each scalable set', async () => {
    const out = makeTempDir();
    const { stdout } = await generate(out, '--accounts', '37');
    expect(rowsOf(join(out, 'sonar-importer/accounts.csv'), true)).toHaveLength(37);
    expect(rowsOf(join(out, 'sonar-importer/billing_parameters.csv'), true)).toHaveLength(37);
    expect(rowsOf(join(out, 'sonar-importer/next_bill_dates.csv'), false)).toHaveLength(37);
    expect(rowsOf(join(out, 'legacy-billing/customers.csv'), true)).toHaveLength(37);
    // The dirty set has a fixed size: 24 accounts plus the planted duplicate row.
    expect(rowsOf(join(out, 'dirty/accounts.csv'), true)).toHaveLength(25);
    expect(stdout).toContain('accounts 37');
  });

  it('refuses a bad --accounts value with exit code 2', async () => {
    const out = makeTempDir();
    await expect(generate(out, '--accounts', 'many')).rejects.toMatchObject({ code: 2 });
  });
});

describe('samples/sonar-importer', () => {
  const accounts = importer('accounts', true);
  const ids = new Set(accounts.map((row) => row[0]));

  it('has 200 accounts with unique ids and an importer-layout row of 25 columns each', () => {
    expect(accounts).toHaveLength(200);
    expect(ids.size).toBe(200);
    for (const row of accounts) expect(row).toHaveLength(25);
  });

  it('refers only to accounts that exist, in every other file', () => {
    const files: Array<[string, boolean]> = [
      ['contacts', false],
      ['addresses', true],
      ['credit_cards', false],
      ['bank_accounts', true],
      ['services', false],
      ['billing_parameters', true],
      ['next_bill_dates', false],
      ['dids', false],
      ['ip_assignments', true],
    ];
    // The counts the generator prints for samples/sonar-importer (node scripts/generate-samples.mjs).
    const printed: Record<string, number> = {
      contacts: 82,
      addresses: 62,
      credit_cards: 97,
      bank_accounts: 29,
      services: 277,
      billing_parameters: 200,
      next_bill_dates: 200,
      dids: 26,
      ip_assignments: 24,
    };
    for (const [name, header] of files) {
      const rows = importer(name, header);
      expect(rows.length, name).toBe(printed[name]);
      for (const row of rows) expect(ids.has(row[0]!), `${name}: ${row[0]}`).toBe(true);
    }
  });

  it('lists sub-accounts on their parent, after the children', () => {
    const position = new Map(accounts.map((row, index) => [row[0], index]));
    const parents = accounts.filter((row) => row[5] !== '');
    expect(parents.length).toBe(5);
    for (const parent of parents) {
      for (const child of parent[5]!.split(',')) {
        expect(position.get(child)!).toBeLessThan(position.get(parent[0])!);
      }
    }
  });

  it('bills on days 1–28 with future next bill dates on the bill day', () => {
    const billDay = new Map(importer('billing_parameters', true).map((row) => [row[0], Number(row[1])]));
    for (const [id, date] of importer('next_bill_dates', false)) {
      expect(date).toMatch(/^20(2[7-9]|[3-9]\d)-\d\d-\d\d$/);
      expect(Number(date!.slice(8))).toBe(billDay.get(id));
      expect(billDay.get(id)).toBeLessThanOrEqual(28);
    }
  });

  it('has tokenized cards only: tok_ tokens, 4-digit identifiers, Sonar card types, future expiries', () => {
    const types = ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'dinersclub'];
    for (const row of importer('credit_cards', false)) {
      expect(row[2]).toMatch(/^tok_[A-Za-z0-9]{24}$/);
      expect(row[3]).toMatch(/^\d{4}$/);
      expect(Number(row[4])).toBeGreaterThanOrEqual(2031);
      expect(types).toContain(row[7]);
    }
  });

  it('assigns only inventoried DIDs, to the voice service on the account', () => {
    const inventory = new Set(importer('did_inventory', true).map((row) => row[0]));
    const services = new Set(importer('services', false).map((row) => `${row[0]}/${row[1]}`));
    const dids = importer('dids', false);
    expect(dids.length).toBe(26); // the generator's printed count
    for (const [account, did, service] of dids) {
      expect(did).toMatch(/^\d{10}$/);
      expect(inventory.has(did!)).toBe(true);
      expect(['10', '11']).toContain(service);
      expect(services.has(`${account}/${service}`)).toBe(true);
    }
  });
});

describe('samples/legacy-billing', () => {
  it('has 200 customers with words for statuses, "Last, First" names and US dates', () => {
    const rows = rowsOf(join(committed, 'legacy-billing/customers.csv'), true);
    expect(rows).toHaveLength(200);
    for (const row of rows) {
      expect(['Active', 'Suspended', 'Prospect']).toContain(row[4]);
      expect(row[1]).toMatch(/^[^,]+, [^,]+$/);
      expect(row[20]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
    }
  });

  it('ships the plan catalogue as an XLSX sheet', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(committed, 'legacy-billing/plans.xlsx'));
    const sheet = workbook.getWorksheet('Plans');
    expect(sheet?.rowCount).toBe(11);
    expect(sheet?.getRow(2).getCell(2).value).toBe('Wireless Basic 25');
  });
});

describe('samples/dirty', () => {
  const dir = join(committed, 'dirty');
  const readme = readFileSync(join(dir, 'README.md'), 'utf8');
  const planted = [...readme.matchAll(/^\| \d+ +\| (\S+) +\| (\d+) +\| ([^|]+) \|/gm)].map((m) => ({
    file: m[1]!,
    line: Number(m[2]),
    column: m[3]!.trim(),
  }));
  /** The physical lines of a dirty file, decoded as the config says. */
  const lines = (file: string, encoding = 'utf8') =>
    iconv.decode(readFileSync(join(dir, file)), encoding).split('\r\n');

  it('documents every planted problem with its file and line', () => {
    expect(planted.length).toBe(27);
    for (const p of planted) expect(lines(p.file).length).toBeGreaterThan(p.line);
  });

  it('starts accounts.csv with a UTF-8 BOM and has a duplicate account id', () => {
    expect(readFileSync(join(dir, 'accounts.csv')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const ids = rowsOf(join(dir, 'accounts.csv'), true).map((row) => row[0]);
    expect(new Set(ids).size).toBe(ids.length - 1);
  });

  it('writes contacts in Windows-1252 and says so in migration.json', () => {
    const bytes = readFileSync(join(dir, 'contacts.csv'));
    expect(bytes.includes(Buffer.from('Muñoz', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('Muñoz', 'utf8'))).toBe(false);
    const config = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8'));
    expect(config.inputs.contacts).toEqual({ file: 'contacts.csv', encoding: 'windows-1252' });
  });

  it('plants a raw test card number, an orphan contact and a day-30 next bill date on the listed lines', () => {
    const at = (file: string, column: string) =>
      planted.filter((p) => p.file === file && p.column === column);
    const pan = at('credit_cards.csv', 'Token');
    expect(pan).toHaveLength(1);
    expect(lines('credit_cards.csv')[pan[0]!.line - 1]).toContain('"4111111111111111"');
    const orphan = at('contacts.csv', 'Account ID');
    expect(lines('contacts.csv', 'win1252')[orphan[0]!.line - 1]).toMatch(/^79999,/);
    const days = at('next_bill_dates.csv', 'Next Bill Date').map(
      (p) => lines('next_bill_dates.csv')[p.line - 1],
    );
    expect(days.some((line) => /-30"$/.test(line!))).toBe(true);
    expect(days.some((line) => /,\d{5}$/.test(line!))).toBe(true);
  });
});
