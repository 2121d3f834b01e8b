import { accept, quote, reject, type TransformResult } from './result.js';

const TRUE_WORDS = new Set(['1', 'y', 'yes', 'true', 'on', 't']);
const FALSE_WORDS = new Set(['0', 'n', 'no', 'false', 'off', 'f']);

/** Options of parseBoolean. */
export interface BooleanOptions {
  /** Flip the answer: Freeside's `tax = 'Y'` means the customer is tax-exempt. */
  invert?: boolean;
}

/** Reads 1/0, Y/N, yes/no, true/false, on/off, t/f in any case; a blank cell is null. */
export function parseBoolean(value: string, options: BooleanOptions = {}): TransformResult<boolean | null> {
  const word = value.trim().toLowerCase();
  if (word === '') return accept(null);
  let result: boolean;
  if (TRUE_WORDS.has(word)) result = true;
  else if (FALSE_WORDS.has(word)) result = false;
  else {
    return reject(`${quote(value)} is not a yes/no value — use 1/0, Y/N, yes/no, true/false, on/off or t/f`);
  }
  return accept(options.invert ? !result : result);
}
