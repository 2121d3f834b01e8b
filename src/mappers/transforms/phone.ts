import { toNanpDigits } from './nanp.js';
import { accept, isBlank, type TransformResult } from './result.js';

/** A phone number as Sonar stores it: 10 digits, and the extension apart. */
export interface PhoneNumber {
  number: string;
  extension: string | null;
}

// "x123", "ext. 123", "ext 123", "extension 123", "#123" at the end of the cell.
const EXTENSION = /\s*(?:,|;)?\s*(?:x|ext\.?|extn\.?|extension|#)\s*(\d{1,10})\s*$/i;

/** Reads a North American phone number into 10 digits plus an optional extension; blank is null. */
export function parsePhone(value: string): TransformResult<PhoneNumber | null> {
  if (isBlank(value)) return accept(null);
  const match = value.match(EXTENSION);
  const extension = match?.[1] ?? null;
  const main = match ? value.slice(0, match.index) : value;
  const digits = toNanpDigits(main, 'phone number');
  if (!digits.ok) return digits;
  return accept({ number: digits.value, extension });
}
