import { accept, isBlank, quote, reject, type TransformResult } from './result.js';

/** Options of parseMoney. */
export interface MoneyOptions {
  /** "1.234,50": the comma is the decimal mark and the dot groups thousands (European exports). */
  decimalComma?: boolean;
}

/**
 * Reads an amount ("$1,234.50", "1234.5", "(12.00)", "-$3", "1.234,50" with decimalComma) and
 * returns a number rounded half-up to cents; a blank cell is null. Rounding works on the digits,
 * not on floats, so 1.005 becomes 1.01 as a person expects.
 */
export function parseMoney(value: string, options: MoneyOptions = {}): TransformResult<number | null> {
  if (isBlank(value)) return accept(null);
  let text = value.trim().replace(/\s+/g, '');
  let negative = false;
  const parens = text.match(/^\((.*)\)$/);
  if (parens?.[1] !== undefined) {
    negative = true;
    text = parens[1];
  }
  const stripCurrency = (t: string) =>
    t.replace(/^(?:USD|CAD|US\$|[$€£])/i, '').replace(/(?:USD|CAD|[$€£])$/i, '');
  text = stripCurrency(text);
  // "-$3", "$-3" and the accounting "3-" all mean minus three.
  if (text.startsWith('-') || text.startsWith('+')) {
    if (text.startsWith('-')) negative = !negative;
    text = stripCurrency(text.slice(1));
  } else if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  const group = options.decimalComma ? '.' : ',';
  const decimal = options.decimalComma ? ',' : '.';
  const esc = (c: string) => (c === '.' ? '\\.' : c);
  const shape = new RegExp(`^(\\d{1,3}(?:${esc(group)}\\d{3})+|\\d+)(?:${esc(decimal)}(\\d+))?$`);
  const m = text.match(shape);
  if (!m) {
    const hint = options.decimalComma
      ? 'write it like 1.234,50'
      : /^\d{1,3}(?:\.\d{3})*,\d{1,2}$/.test(text)
        ? 'it looks like a decimal comma: set "decimalComma": true'
        : 'write it like 1,234.50';
    return reject(`${quote(value)} is not an amount of money — ${hint}`);
  }
  const whole = (m[1] ?? '0').split(group).join('');
  const fraction = m[2] ?? '';
  let cents = BigInt(whole) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'));
  if ((fraction[2] ?? '0') >= '5') cents += 1n;
  const amount = Number(cents) / 100;
  return accept(negative && amount !== 0 ? -amount : amount);
}
