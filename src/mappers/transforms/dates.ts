import { accept, isBlank, quote, reject, type TransformResult } from './result.js';

/** The date layouts a mapping file can name. */
export const dateFormats = [
  'MM/DD/YYYY',
  'M/D/YYYY',
  'DD/MM/YYYY',
  'D/M/YYYY',
  'YYYY-MM-DD',
  'ISO8601',
  'epoch',
  'epoch-ms',
  'excel',
  'excel-1904',
] as const;

/** One of dateFormats. */
export type DateFormat = (typeof dateFormats)[number];

/** Options of parseDate. */
export interface DateOptions {
  format: DateFormat;
  /** IANA zone for epoch values (default UTC); calendar formats are never shifted. */
  timeZone?: string;
}

const DAY_MS = 86_400_000;
// Spreadsheets and MySQL exports often append a time to a date; the date is what we keep.
const TIME = String.raw`(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)?`;
const SLASH_STRICT = new RegExp(String.raw`^(\d{2})[/.-](\d{2})[/.-](\d{4})${TIME}$`);
const SLASH_LOOSE = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})${TIME}$`);
const YMD = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`);
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * Reads a date in a named format and returns it as YYYY-MM-DD, or null for a blank cell or a MySQL
 * zero date (0000-00-00 means "none" in Splynx and WHMCS). Impossible dates (2023-02-30) are refused.
 */
export function parseDate(value: string, options: DateOptions): TransformResult<string | null> {
  const text = value.trim();
  if (isBlank(text) || /^0000-00-00(?:[ T]00:00(?::00)?)?$/.test(text)) return accept(null);
  switch (options.format) {
    case 'MM/DD/YYYY':
      return fromMatch(text, SLASH_STRICT, 'MM/DD/YYYY', (m) => [m[3], m[1], m[2]]);
    case 'M/D/YYYY':
      return fromMatch(text, SLASH_LOOSE, 'M/D/YYYY', (m) => [m[3], m[1], m[2]]);
    case 'DD/MM/YYYY':
      return fromMatch(text, SLASH_STRICT, 'DD/MM/YYYY', (m) => [m[3], m[2], m[1]]);
    case 'D/M/YYYY':
      return fromMatch(text, SLASH_LOOSE, 'D/M/YYYY', (m) => [m[3], m[2], m[1]]);
    case 'YYYY-MM-DD':
      return fromMatch(text, YMD, 'YYYY-MM-DD', (m) => [m[1], m[2], m[3]]);
    case 'ISO8601':
      // The calendar date as written: "2023-01-31T23:30:00-07:00" is the 31st where it was recorded,
      // and shifting it to UTC or to this machine's zone would move the customer's bill day.
      return fromMatch(text, ISO, 'ISO 8601 (2023-01-31T10:00:00-07:00)', (m) => [m[1], m[2], m[3]]);
    case 'epoch':
      return fromEpoch(text, 1000, options.timeZone);
    case 'epoch-ms':
      return fromEpoch(text, 1, options.timeZone);
    case 'excel':
      return fromExcel(text, false);
    case 'excel-1904':
      return fromExcel(text, true);
  }
}

function fromMatch(
  text: string,
  pattern: RegExp,
  label: string,
  pick: (m: RegExpMatchArray) => [string | undefined, string | undefined, string | undefined],
): TransformResult<string | null> {
  const m = text.match(pattern);
  if (!m)
    return reject(`${quote(text)} is not a date in the format ${label} — fix the cell or set the format`);
  const [y, mo, d] = pick(m).map(Number) as [number, number, number];
  return checkedDate(y, mo, d, text);
}

function checkedDate(year: number, month: number, day: number, text: string): TransformResult<string | null> {
  const probe = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0–99 to 1900–1999, so check the year as well as the rollover.
  if (
    month < 1 ||
    month > 12 ||
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day
  ) {
    return reject(`${quote(text)} is not a real calendar date — fix the cell`);
  }
  return accept(isoDate(year, month, day));
}

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fromEpoch(text: string, scale: number, timeZone = 'UTC'): TransformResult<string | null> {
  if (!/^-?\d+(?:\.\d+)?$/.test(text)) {
    const unit = scale === 1 ? 'milliseconds' : 'seconds';
    return reject(`${quote(text)} is not a Unix time in ${unit} — fix the cell or set the format`);
  }
  const instant = new Date(Number(text) * scale);
  if (Number.isNaN(instant.getTime())) return reject(`${quote(text)} is out of range for a Unix time`);
  // An epoch is an instant, not a date: name the zone explicitly instead of using this machine's.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return accept(isoDate(part('year'), part('month'), part('day')));
}

// Day 0 of the 1900 system is 1899-12-31 for serials 1–59; from 61 on, Excel counts the
// non-existent 1900-02-29 (serial 60, a Lotus 1-2-3 bug kept for compatibility), so subtract one.
const EXCEL_1900_EPOCH = Date.UTC(1899, 11, 31);
const EXCEL_1900_AFTER_BUG = Date.UTC(1899, 11, 30);
const EXCEL_1904_EPOCH = Date.UTC(1904, 0, 1);

function fromExcel(text: string, system1904: boolean): TransformResult<string | null> {
  if (!/^\d+(?:\.\d+)?$/.test(text)) {
    return reject(`${quote(text)} is not an Excel date serial number — fix the cell or set the format`);
  }
  const serial = Math.floor(Number(text));
  let ms: number;
  if (system1904) {
    ms = EXCEL_1904_EPOCH + serial * DAY_MS;
  } else if (serial === 60) {
    return reject(`${quote(text)} is Excel's 1900-02-29, a day that never existed — fix the cell`);
  } else if (serial < 1) {
    return reject(`${quote(text)} is not a date in Excel's 1900 system (serials start at 1)`);
  } else {
    ms = (serial < 60 ? EXCEL_1900_EPOCH : EXCEL_1900_AFTER_BUG) + serial * DAY_MS;
  }
  const d = new Date(ms);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() > 9999) return reject(`${quote(text)} is out of range`);
  return accept(isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
}
