/** What the cell formatter needs to know about a cell: exceljs's value and number format. */
export interface CellLike {
  value: unknown;
  numFmt?: string;
  text?: unknown;
}

/** The serials of 1970-01-01 in the 1900 and 1904 date systems. */
const epochSerial1900 = 25_569;
const epochSerial1904 = 24_107;

/**
 * A cell as the text a user sees in Excel: dates as YYYY-MM-DD (with " HH:MM:SS" only when there
 * is a time of day), numbers with Excel's 15 significant digits and never in exponent form,
 * booleans TRUE/FALSE, formulas as their cached result, rich text and hyperlinks as their text,
 * errors as the error text ("#N/A"), empty cells as "".
 */
export function cellText(cell: CellLike, date1904: boolean): string {
  return valueText(cell.value, cell.numFmt, date1904);
}

function valueText(value: unknown, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    // exceljs gives a formula's cached date as a bare serial: format it as the cell would show.
    if (numFmt && isDateFormat(numFmt)) return dateText(serialToDate(value, date1904));
    return padToFormat(numberText(value), numFmt);
  }
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return v.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('');
    if ('error' in v) return String(v.error ?? '');
    if ('formula' in v || 'sharedFormula' in v) return valueText(v.result, numFmt, date1904);
    if ('hyperlink' in v) return valueText(v.text, numFmt, date1904);
    if ('text' in v) return valueText(v.text, numFmt, date1904);
  }
  return String(value);
}

/** exceljs builds dates in UTC from the serial, so the UTC fields are the calendar date Excel shows. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

function serialToDate(serial: number, date1904: boolean): Date {
  const epoch = date1904 ? epochSerial1904 : epochSerial1900;
  // Round to the second: serials carry float noise (0.99999999 of a second).
  return new Date(Math.round((serial - epoch) * 86_400) * 1000);
}

/** A number format is a date format when it has date/time letters outside quotes and brackets. */
export function isDateFormat(numFmt: string): boolean {
  const bare = numFmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** A number with 15 significant digits (what Excel shows), in plain decimal notation. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  return plainDecimal(value.toPrecision(15));
}

/** Rewrites "1.23e+21" or "1.5e-7" as plain digits, and trims trailing fraction zeros. */
function plainDecimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  let intPart: string;
  let fracPart: string;
  if (point <= 0) {
    intPart = '0';
    fracPart = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    intPart = digits + '0'.repeat(point - digits.length);
    fracPart = '';
  } else {
    intPart = digits.slice(0, point);
    fracPart = digits.slice(point);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  fracPart = fracPart.replace(/0+$/, '');
  const result = fracPart ? `${intPart}.${fracPart}` : intPart;
  return result === '0' ? '0' : sign + result;
}

/** Zero-pads a whole number stored with a format like "00000" (ZIP codes), as Excel shows it. */
function padToFormat(text: string, numFmt: string | undefined): string {
  if (!numFmt || !/^0+$/.test(numFmt) || !/^\d+$/.test(text)) return text;
  return text.padStart(numFmt.length, '0');
}
