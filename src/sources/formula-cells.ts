import { basename } from 'node:path';

/**
 * CSV formula injection, as OWASP recommends defusing it: a cell that begins with `=`, `+`, `-`,
 * `@`, a tab or a carriage return is written with a single quote in front, so a spreadsheet shows
 * it as text instead of running it (`=HYPERLINK(…)`, `-2+3+cmd|' /C calc'!A0`). A cell that begins
 * with a quote gets one more too: reading back then undoes exactly one quote, and every value —
 * `-12.50`, `'quoted` — comes back as it was. (csv-stringify's `escape_formulas` prefixes the same
 * cells but not a leading quote, so its output cannot be read back exactly.)
 */
const risky = /^[=+\-@\t\r']/;
const formulaStart = /^[=+\-@\t\r]/;

/** The cell as a CSV the tool writes holds it. */
export function neutraliseCell(value: string): string {
  return risky.test(value) ? `'${value}` : value;
}

/**
 * The value a cell of a CSV input stands for. A leading quote before `=`, `+`, `-`, `@`, a tab or a
 * carriage return is a spreadsheet's text marker — ours, or one a legacy export put there for Excel
 * — never data, so it is dropped in every input: a rejected row re-feeds with `-12.50` even after
 * its `_` columns were dropped and the file renamed. A doubled leading quote is undone only in a
 * CSV the tool wrote (`ours`): a legacy value that begins with two quotes is kept as it is.
 */
export function restoreCell(value: string, ours = true): string {
  if (value.charCodeAt(0) !== 39) return value;
  const next = value.slice(1);
  if (formulaStart.test(next) || (ours && next.charCodeAt(0) === 39)) return next;
  return value;
}

/** Whether any cell of a row begins with a quote (the only cells restoreCell may change). */
export function hasQuotedCell(row: readonly string[]): boolean {
  return row.some((cell) => cell.charCodeAt(0) === 39);
}

/**
 * Whether an input is a CSV the tool wrote, whose cells were all neutralised: a `*.rejected.csv`
 * or `*.failed.csv` file (by name), or any file whose first row still has the `_error` column
 * those reports end with.
 */
export function isNeutralisedCsv(path: string, firstRow: readonly string[]): boolean {
  return (
    /\.(rejected|failed)\.csv$/i.test(basename(path)) || firstRow.some((cell) => cell.trim() === '_error')
  );
}
