// samples/dirty: a small sonar-importer set with the problems real exports have, each planted on
// purpose and listed (file, line, column, expected outcome) in the README this module writes, so
// `validate` tests can assert that every one is found. Fixed size: --accounts does not apply.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openCsvFile } from './csv-file.mjs';
import { makeAccountFactory, makeFaker } from './model.mjs';
import { ACCOUNT_ID_BASE } from './sonar-ids.mjs';
import { IMPORTER_INPUTS, IMPORTER_LAYOUTS, importerRows, migrationConfig } from './sonar-importer-set.mjs';

/** How many accounts the dirty set has, whatever --accounts says. */
export const DIRTY_ACCOUNTS = 24;

/** An account id that no row of accounts.csv has. */
export const ORPHAN_ACCOUNT_ID = ACCOUNT_ID_BASE.dirty + 9999;

const ACCENTED = ['José Muñoz', 'Zoë Brontë', 'François Côté', 'Renée Ångström'];
const BRAND_SPELLINGS = [
  'VISA card',
  'Visa',
  'Master Card',
  'MC',
  'American Express',
  'AMEX',
  'Discover Card',
  'Diners Club',
];
// Column indexes in the importer's accounts layout.
const STATE = 10;
const MOBILE = 23;
const WORK = 20;
const WORK_EXT = 21;

/** Excel's 1900-system serial of a YYYY-MM-DD date (days since 1899-12-30). */
export function excelSerial(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/**
 * Write samples/dirty into `dir`.
 * @param {string} dir
 */
export async function writeDirtySet(dir) {
  /** @type {Array<{ file: string; line: number; column: string; problem: string; expected: string }>} */
  const planted = [];
  const plant = (file, line, column, problem, expected) =>
    planted.push({ file, line, column, problem, expected });
  const files = Object.fromEntries(
    IMPORTER_INPUTS.map((name) => {
      const layout = IMPORTER_LAYOUTS[name];
      const options = {
        header: layout.header ? layout.columns : undefined,
        // Saved from Excel on Windows: CRLF line ends.
        eol: '\r\n',
        bom: name === 'accounts',
        encoding: name === 'contacts' ? 'win1252' : undefined,
      };
      return [name, openCsvFile(join(dir, `${name}.csv`), options)];
    }),
  );
  plant(
    'accounts.csv',
    1,
    'ID',
    'the file starts with a UTF-8 byte order mark (EF BB BF) before the header',
    'read cleanly: the BOM is stripped and the header still detected',
  );

  const account = makeAccountFactory(makeFaker(), ACCOUNT_ID_BASE.dirty);
  const phoneStyles = [
    (n) => `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`,
    (n) => `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`,
    (n) => `+1 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
    (n) => `1-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
  ];
  let firstRowOf4 = null;
  let cardsSeen = 0;
  for (let i = 1; i <= DIRTY_ACCOUNTS; i += 1) {
    const a = account(i);
    const rows = importerRows(a);
    const acc = rows.accounts[0];
    const mobile = `${a.contact.home || a.contact.work || a.contact.mobile}`;
    if (i === 3) acc[STATE] = a.address.stateCode;
    if (i === 5) acc[STATE] = a.address.state.toUpperCase();
    if (i >= 2 && i <= 5) acc[MOBILE] = phoneStyles[i - 2](mobile);
    if (i === 6) {
      acc[WORK] = `${mobile.slice(0, 3)}-${mobile.slice(3, 6)}-${mobile.slice(6)} x12`;
      acc[WORK_EXT] = '';
    }
    if (i === 7) acc[MOBILE] = `${mobile.slice(0, 3)} ${mobile.slice(3, 6)} ${mobile.slice(6)} ext. 3`;
    if (i === 4) firstRowOf4 = { row: [...acc], line: files.accounts.lines + 1 };

    const line = await files.accounts.row(acc);
    if (i === 3)
      plant(
        'accounts.csv',
        line,
        'Physical State',
        `state written as the USPS code "${a.address.stateCode}"`,
        `normalised to "${a.address.state}"`,
      );
    if (i === 5)
      plant(
        'accounts.csv',
        line,
        'Physical State',
        `state in capitals "${acc[STATE]}"`,
        `normalised to "${a.address.state}"`,
      );
    if (i >= 2 && i <= 5)
      plant(
        'accounts.csv',
        line,
        'Mobile Phone',
        `phone written "${acc[MOBILE]}"`,
        `normalised to ${mobile}`,
      );
    if (i === 6)
      plant(
        'accounts.csv',
        line,
        'Work Phone',
        `phone with its extension in the cell "${acc[WORK]}"`,
        `normalised to ${mobile}, extension 12`,
      );
    if (i === 7)
      plant(
        'accounts.csv',
        line,
        'Mobile Phone',
        `phone written "${acc[MOBILE]}"`,
        `normalised to ${mobile}, extension 3`,
      );
    if (i === 10 && firstRowOf4) {
      const dup = [...firstRowOf4.row];
      dup[1] = `${dup[1]} (old record)`;
      const dupLine = await files.accounts.row(dup);
      plant(
        'accounts.csv',
        dupLine,
        'ID',
        `duplicate account id ${dup[0]}, first seen on line ${firstRowOf4.line}`,
        'rejected (duplicate legacy key)',
      );
    }

    if (i <= ACCENTED.length) {
      const name = ACCENTED[i - 1];
      const l = await files.contacts.row([
        a.id,
        name,
        'Billing',
        `contact${i}@example.com`,
        '',
        '',
        '',
        '',
        '',
        '2',
        '',
        '',
      ]);
      plant(
        'contacts.csv',
        l,
        'Name',
        `"${name}" in Windows-1252 bytes (the config sets "encoding": "windows-1252")`,
        'read as the same accented text, not mojibake or a SOURCE_BAD_ENCODING error',
      );
    }
    for (const row of rows.contacts) await files.contacts.row(row);
    if (i === 12) {
      const l = await files.contacts.row([
        ORPHAN_ACCOUNT_ID,
        'Pat Nobody',
        'Billing',
        'pat.nobody@example.com',
        '',
        '',
        '',
        '',
        '',
        '2',
        '',
        '',
      ]);
      plant(
        'contacts.csv',
        l,
        'Account ID',
        `orphan contact: account ${ORPHAN_ACCOUNT_ID} is not in accounts.csv`,
        'rejected (unknown account)',
      );
    }

    for (const row of rows.credit_cards) {
      cardsSeen += 1;
      if (cardsSeen === 3) {
        row[2] = '4111111111111111';
        row[3] = '1111';
        const l = await files.credit_cards.row(row);
        plant(
          'credit_cards.csv',
          l,
          'Token',
          'a raw card number (Luhn-valid test PAN ending 1111) instead of a token',
          'rejected; the number never appears in a message, log or report (last 4 at most)',
        );
        continue;
      }
      const spelling = BRAND_SPELLINGS[cardsSeen - 1 - (cardsSeen > 3 ? 1 : 0)];
      if (spelling === undefined) {
        await files.credit_cards.row(row);
        continue;
      }
      row[7] = spelling;
      const l = await files.credit_cards.row(row);
      plant(
        'credit_cards.csv',
        l,
        'Card Type',
        `card brand spelled "${spelling}"`,
        'normalised to a Sonar card type',
      );
    }

    const [nbd] = rows.next_bill_dates;
    if (i === 5) nbd[1] = excelSerial(nbd[1]);
    const iso = a.nextBillDate;
    if (i === 6) nbd[1] = `${Number(iso.slice(5, 7))}/${Number(iso.slice(8, 10))}/${iso.slice(0, 4)}`;
    if (i === 8) nbd[1] = `${iso.slice(0, 8)}30`;
    const l = await files.next_bill_dates.row(nbd);
    if (i === 5)
      plant(
        'next_bill_dates.csv',
        l,
        'Next Bill Date',
        `Excel serial date ${nbd[1]}`,
        `normalised to ${iso}`,
      );
    if (i === 6)
      plant(
        'next_bill_dates.csv',
        l,
        'Next Bill Date',
        `Excel-formatted date "${nbd[1]}" (M/D/YYYY)`,
        `normalised to ${iso}`,
      );
    if (i === 8)
      plant(
        'next_bill_dates.csv',
        l,
        'Next Bill Date',
        `day 30 ("${nbd[1]}"): Sonar bills on days 1–28`,
        'rejected',
      );

    for (const name of IMPORTER_INPUTS) {
      if (['accounts', 'contacts', 'credit_cards', 'next_bill_dates'].includes(name)) continue;
      for (const row of rows[name]) await files[name].row(row);
    }
  }
  for (const file of Object.values(files)) await file.close();

  const inputs = Object.fromEntries(IMPORTER_INPUTS.map((name) => [name, `${name}.csv`]));
  inputs.contacts = { file: 'contacts.csv', encoding: 'windows-1252' };
  await writeFile(join(dir, 'migration.json'), migrationConfig('sonar-importer', inputs));
  await writeFile(join(dir, 'README.md'), readme(planted));
  return Object.fromEntries(IMPORTER_INPUTS.map((name) => [name, files[name].rows]));
}

/** The README listing every planted problem. */
function readme(planted) {
  const order = ['accounts.csv', 'contacts.csv', 'credit_cards.csv', 'next_bill_dates.csv'];
  const sorted = [...planted].sort(
    (x, y) => order.indexOf(x.file) - order.indexOf(y.file) || x.line - y.line,
  );
  const table = markdownTable(
    ['#', 'File', 'Line', 'Column', 'Planted problem', 'Expected'],
    sorted.map((p, n) => [String(n + 1), p.file, String(p.line), p.column, p.problem, p.expected]),
  );
  return `# samples/dirty: planted problems

Generated by \`npm run samples\` (scripts/samples/dirty-set.mjs): do not edit by hand, regenerate.
The sonar-importer layout with ${DIRTY_ACCOUNTS} accounts (ids ${ACCOUNT_ID_BASE.dirty + 1}–${ACCOUNT_ID_BASE.dirty + DIRTY_ACCOUNTS}), CRLF line ends
(saved from Excel on Windows), headers in some files and not in others (as in samples/sonar-importer).
Everything not listed below is valid.

"Line" is the physical line in the file, 1-based, the header row counted (csv-parse's \`info.lines\`).
"Expected" is what a correct \`sonar-migrate validate\` should do with the cell.

${table}
`;
}

/**
 * A Markdown table with padded columns, as biome formats it (so \`biome check\` leaves the
 * generated README alone and it stays byte-identical to a fresh generation).
 * @param {string[]} header
 * @param {string[][]} rows
 */
function markdownTable(header, rows) {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c].length)));
  const line = (cells) => `| ${cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
