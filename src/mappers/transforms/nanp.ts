import { accept, quote, reject, type TransformResult } from './result.js';

/** Toll-free area codes (8XX): Sonar DIDs are geographic numbers, so these are refused. */
export const tollFreeAreaCodes: ReadonlySet<string> = new Set([
  '800',
  '833',
  '844',
  '855',
  '866',
  '877',
  '888',
]);

/**
 * Reduces a North American number written with +1, 1-, dashes, dots, spaces or parentheses
 * ("+1.4155550123" as WHMCS writes it) to 10 digits, checking the NANP shape: area code and
 * exchange both start with 2–9. `what` names the thing in messages ("phone number", "DID").
 */
export function toNanpDigits(value: string, what: string): TransformResult<string> {
  const text = value.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(text)) {
    return reject(
      `${what} ${quote(value)} has characters other than digits, +, -, ., spaces and parentheses`,
    );
  }
  let digits = text.replace(/\D/g, '');
  if (text.startsWith('+') && !digits.startsWith('1')) {
    return reject(
      `${what} ${quote(value)} is not a North American (+1) number — only NANP numbers are accepted`,
    );
  }
  if (digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
  if (digits.length !== 10) {
    return reject(
      `${what} ${quote(value)} has ${digits.length} digits, not 10 — write it as NXX-NXX-XXXX (area code first)`,
    );
  }
  if (!/^[2-9]/.test(digits)) {
    return reject(
      `${what} ${quote(value)} has an area code starting with ${digits[0]}: NANP area codes start with 2–9`,
    );
  }
  if (!/^[2-9]/.test(digits.slice(3))) {
    return reject(
      `${what} ${quote(value)} has an exchange starting with ${digits[3]}: NANP exchanges start with 2–9`,
    );
  }
  return accept(digits);
}
