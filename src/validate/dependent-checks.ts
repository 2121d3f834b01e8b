import { formatProvenance } from '../errors/index.js';
import type { SourceRef } from '../ground/types.js';
import { columnLetter } from '../sources/column-letter.js';
import type { StagedRecords } from '../store/staged-records.js';
import { whereRow } from './check-findings.js';
import { rowKeyOf } from './unchecked-rows.js';

// Checks that would need a value its own row check refused: run on the raw cell where they can,
// so one pass reports every problem of the row (issue 17: a next bill date on day 30 was reported
// as "day must be 28 or less", and only once fixed to the 28th as not on the account's bill day).

/** Inputs whose rows carry a next bill date, with how to find the row's account from its key. */
const dateInputs = ['accounts', 'services', 'next_bill_dates'] as const;

/**
 * For a next bill date refused as a value (day 29–31, say) but written as YYYY-MM-DD, also checks
 * its day against the account's bill day in the billing parameters input, adding a
 * MAP_BILL_DAY_MISMATCH to the same row when they differ. Returns the rejections added.
 */
export function checkRefusedDatesAgainstBillDays(
  staged: StagedRecords,
  /** Told of each refused row whose date was compared with the bill day (see CheckLog.checkedAnyway). */
  onChecked: (rowKey: string) => void = () => {},
): number {
  const db = staged.db;
  // One indexed lookup per refused row, never a map of every account's bill day: refused rows are
  // few, accounts may be a million (the map held 500 MB at 1,000,000 accounts).
  const billDayOf = db.prepare(
    `SELECT json_extract(payload, '$.bill_day') AS day, json(json_extract(source, '$.provenance')) AS p
     FROM staged WHERE account_key = ? AND step = 'billing_parameters' AND rejected = 0
       AND json_extract(payload, '$.bill_day') IS NOT NULL ORDER BY seq LIMIT 1`,
  );
  const billDays = (account: string): { day: number; where: object } | undefined => {
    const row = billDayOf.get(account) as { day: number; p: string } | undefined;
    return row ? { day: row.day, where: JSON.parse(row.p) } : undefined;
  };
  const refused = db
    .prepare(
      `SELECT input, legacy_key, source FROM rejections
       WHERE code = 'MAP_INVALID_VALUE' AND input IN (${dateInputs.map((i) => `'${i}'`).join(', ')})
       ORDER BY seq`,
    )
    .all() as Array<{ input: string; legacy_key: string | null; source: string }>;
  let added = 0;
  staged.transaction(() => {
    for (const r of refused) {
      const source = staged.parseSource(r.source);
      const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cellOf(source)?.trim() ?? '');
      const account = accountOf(r.input, r.legacy_key);
      const bill = account === undefined ? undefined : billDays(account);
      if (!date || !bill) continue;
      onChecked(rowKeyOf(r.input, source.provenance));
      if (Number(date[3]) === bill.day) continue;
      staged.addRejection({
        code: 'MAP_BILL_DAY_MISMATCH',
        message: `${formatProvenance(source.provenance)}: also, next bill date ${date[0]} falls on day ${Number(date[3])}, but account ${account} bills on day ${bill.day} (${whereRow(bill.where)}) — use a date on day ${bill.day}, or change the bill day`,
        source,
      });
      added += 1;
    }
  });
  return added;
}

/** The account of a rejected row: an account's key is its number; a child's is `<step>:<account>:…`. */
function accountOf(input: string, legacyKey: string | null): string | undefined {
  if (legacyKey === null) return undefined;
  if (input === 'accounts') return legacyKey;
  return legacyKey.split(':')[1] || undefined;
}

/** The cell a rejection names (by header name or column letter). */
function cellOf(source: SourceRef): string | undefined {
  const column = source.provenance.column;
  if (column === undefined) return undefined;
  let index = source.columns.indexOf(column);
  if (index < 0) index = source.columns.findIndex((_, i) => columnLetter(i) === column);
  return index < 0 ? undefined : source.values[index];
}

/**
 * A hint when refused cells hold numbers written with a decimal comma (`-87,988`, a European
 * export): the refusal itself ("longitude must be between -180 and 180") does not say why. It
 * names the option that reads them, on the inputs where they were seen.
 */
export function noteDecimalCommas(staged: StagedRecords): string | undefined {
  let count = 0;
  let example: string | undefined;
  const inputs = new Set<string>();
  const rows = staged.db.prepare('SELECT source FROM rejections ORDER BY seq').iterate() as Iterable<{
    source: string;
  }>;
  for (const { source } of rows) {
    const parsed = staged.parseSource(source);
    const cell = cellOf(parsed)?.trim() ?? '';
    if (!/^[-+]?\d+,\d+$/.test(cell)) continue;
    count += 1;
    inputs.add(parsed.input);
    example ??= `${formatProvenance(parsed.provenance)} "${cell}"`;
  }
  if (count === 0) return undefined;
  const where = [...inputs].map((i) => `inputs.${i}`).join(', ');
  return `${count} refused cell(s) hold a number with a decimal comma, e.g. ${example}: sonar-migrate reads numbers with a decimal point unless told otherwise — set \`decimal: ","\` on ${where} in the migration file (README: Decimal commas), or export the file with decimal points`;
}
