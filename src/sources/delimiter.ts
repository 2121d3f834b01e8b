import { ConfigError } from '../errors/index.js';

/** The delimiters we detect, in the order that breaks ties. */
const candidates = [',', ';', '\t', '|'] as const;

/** How much decoded text the detection looks at. */
export const sniffLength = 16 * 1024;

/** The delimiter set for an input ("tab" and "\t" both mean a tab), or undefined to detect it. */
export function resolveDelimiter(value: string | undefined, displayName: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === 'tab' || value === '\\t') return '\t';
  if ([...value].length !== 1) {
    throw new ConfigError(
      'CONFIG_INVALID',
      `${displayName}: "delimiter" must be one character (or "tab"), not "${value}" — or leave it out to detect it.`,
    );
  }
  return value;
}

/**
 * Detects the delimiter from the first records of the file (counting outside double quotes only):
 * the candidate found the same number of times on the most records wins, then the one found most
 * often; a file where none appears is one column, read as comma-separated.
 */
export function detectDelimiter(head: string, complete: boolean): string {
  const records = splitRecords(head, complete).filter((r) => r.trim() !== '');
  let best: string = ',';
  let bestScore = 0;
  for (const candidate of candidates) {
    const counts = records.map((r) => countOutsideQuotes(r, candidate));
    const mode = modeOf(counts.filter((c) => c > 0));
    if (mode === 0) continue;
    const consistent = counts.filter((c) => c === mode).length;
    const score = consistent * 10_000 + Math.min(mode, 9_999);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Splits text into records at line breaks outside quotes; drops a last record cut short. */
function splitRecords(text: string, complete: boolean): string[] {
  const records: string[] = [];
  let inQuotes = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) {
      records.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (complete || records.length === 0) records.push(text.slice(start));
  return records;
}

function countOutsideQuotes(record: string, delimiter: string): number {
  let inQuotes = false;
  let count = 0;
  for (const ch of record) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === delimiter) count++;
  }
  return count;
}

/** The most frequent value (the larger one on a tie), or 0 for an empty list. */
function modeOf(values: number[]): number {
  const tally = new Map<number, number>();
  for (const v of values) tally.set(v, (tally.get(v) ?? 0) + 1);
  let mode = 0;
  let most = 0;
  for (const [value, times] of tally) {
    if (times > most || (times === most && value > mode)) {
      mode = value;
      most = times;
    }
  }
  return mode;
}
