import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeTempDir } from '../helpers/io.js';

/** Writes a fixture directory from an object literal (file name → content) and returns its path. */
export function writeFixture(files: Record<string, string | Buffer>): string {
  const dir = makeTempDir('sonar-migrate-validate-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A migration.json for the sonar-importer profile naming the given inputs (`<input>.csv`). */
export function migrationJson(inputs: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    profile: 'sonar-importer',
    inputs: Object.fromEntries(inputs.map((input) => [input, `${input}.csv`])),
    reports: 'reports',
    ...extra,
  });
}

/** CSV text from rows of cells (quoted when needed), CRLF-free. */
export function csv(rows: Array<Array<string | number>>): string {
  return `${rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',')).join('\n')}\n`;
}

/** The sonar-importer accounts header row. */
export const accountsHeader = [
  'ID',
  'Name',
  'Account Type ID',
  'Account Status ID',
  'Account Groups',
  'Sub Accounts',
  'Next Bill Date',
  'Physical Address Line1',
  'Physical Address Line 2',
  'Physical City',
  'Physical State',
  'Physical County',
  'Physical ZIP',
  'Physical Country',
  'Physical Latitude',
  'Physical Longitude',
  'Primary Contact Name',
  'Primary Contact Role',
  'Primary Contact Email Address',
  'Primary Contact Email Message Categories',
  'Work Phone',
  'Work Extension',
  'Home Phone',
  'Mobile Phone',
  'Fax',
];

/** A valid sonar-importer accounts row; `over` replaces cells by header name. */
export function accountRow(id: number, over: Record<string, string | number> = {}): Array<string | number> {
  const base: Record<string, string | number> = {
    ID: id,
    Name: `Customer ${id}`,
    'Account Type ID': 1,
    'Account Status ID': 2,
    'Physical Address Line1': `${id} Main Street`,
    'Physical City': 'Green Bay',
    'Physical State': 'Wisconsin',
    'Physical County': 'Brown Co.',
    'Physical ZIP': '54301',
    'Physical Country': 'US',
    'Physical Latitude': '44.4737',
    'Physical Longitude': '-87.988',
    'Primary Contact Role': 'Account Holder',
    'Primary Contact Email Address': `c${id}@example.com`,
    'Primary Contact Email Message Categories': '2,5',
    'Mobile Phone': '9205550186',
    ...over,
  };
  return accountsHeader.map((name) => base[name] ?? '');
}

/** A valid sonar-importer contacts row (no header in that layout). */
export function contactRow(accountId: number, name: string): Array<string | number> {
  return [
    accountId,
    name,
    'Billing',
    `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
    '',
    '',
    '',
    '6075550163',
    '',
    '3,5',
    '',
    '',
  ];
}
