import { rmSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import type { StagedRecord, StepName } from '../ground/types.js';
import { type JournalReader, unsettledError } from '../journal/journal.js';
import { maskToken, redactSecrets } from '../sonar/redact.js';
import { columnLetter, neutraliseCell } from '../sources/index.js';
import type { StagedRecords } from '../store/staged-records.js';
import { ReportFile } from './report-file.js';

/** Columns of `<step>.loaded.csv`. */
export const loadedCsvColumns = ['legacy_key', 'account_key', 'sonar_id', 'adopted'] as const;

/** Columns appended to the input's own columns in `<step>.failed.csv`. */
export const failedCsvExtraColumns = ['_code', '_error'] as const;

/** How an input's failed CSV is written so it re-feeds like the input (as for rejected CSVs). */
export interface FailedCsvInput {
  /**
   * For an input read without a header row (its columns are letters): the header names the profile
   * detects, or `null` when the profile reads that input without any header (no header line then).
   */
  headerNames?: readonly string[] | null;
  /** The input's configured encoding (e.g. windows-1252): the file is written in it. */
  encoding?: string;
}

/** What writing a failed CSV found. */
export interface FailedCsvResult {
  /** Rows written (one per source row, even when a row made several records). */
  rows: number;
  /** Failed/skipped journal entries whose staged record is gone (staging was rebuilt since). */
  unmatched: number;
}

const BATCH = 1_000;

/**
 * A CSV written in batches to a temporary file and renamed into place when complete (ReportFile:
 * private, synced, never half-written), so memory stays bounded on a million-row step. Every cell
 * is neutralised against formula injection.
 */
class CsvFile {
  private readonly file: ReportFile;
  private readonly encoding: string | undefined;
  private batch: string[][] = [];
  rows = 0;

  constructor(path: string, encoding?: string) {
    this.file = new ReportFile(path);
    this.encoding = encoding && !/^utf-?8$/i.test(encoding) ? encoding : undefined;
    // A BOM makes Excel open UTF-8 as UTF-8; our own CSV reader skips it.
    if (!this.encoding) this.file.write('\uFEFF');
  }

  write(row: string[]): void {
    this.batch.push(row.map(neutraliseCell));
    this.rows += 1;
    if (this.batch.length >= BATCH) this.flush();
  }

  close(): void {
    this.flush();
    this.file.commit();
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    const text = stringify(this.batch);
    this.file.write(this.encoding ? iconv.encode(text, this.encoding) : text);
    this.batch = [];
  }
}

/**
 * Writes `<step>.loaded.csv` (legacy key → Sonar id, adopted 1 when the record was already in
 * Sonar) and returns the number of records; removes a stale file and returns 0 when none loaded.
 */
export function writeLoadedCsv(journal: JournalReader, step: StepName, path: string): number {
  let file: CsvFile | undefined;
  for (const entry of journal.loadedIds(step)) {
    if (!file) {
      file = new CsvFile(path);
      file.write([...loadedCsvColumns]);
    }
    file.write([entry.legacyKey, entry.accountKey ?? '', entry.sonarId ?? '', entry.adopted ? '1' : '0']);
  }
  if (!file) {
    rmSync(path, { force: true });
    return 0;
  }
  file.close();
  return file.rows - 1;
}

/**
 * Writes `<step>.failed.csv`: each failed, skipped or unsettled (in flight) record's original row,
 * and each loaded one Sonar holds twice, in input order, with
 * the input's own columns followed by `_code,_error` (a headerless input gets the profile's header
 * names, or no header, as its rejected CSV does) — drop those two columns, fix the rows and feed
 * the file back in. Payload secrets (payment tokens, passwords) are masked to their last 4
 * characters: a report is not a place for them, so re-feeding a payment row needs its token again.
 * Removes a stale file and writes nothing when the step has no failures.
 */
export function writeFailedCsv(
  journal: JournalReader,
  staged: StagedRecords,
  step: StepName,
  path: string,
  input: FailedCsvInput = {},
): FailedCsvResult {
  // Bounded by the number of failures, not of records.
  const failed = new Map<string, { code: string; message: string }>();
  for (const state of ['failed', 'skipped'] as const) {
    for (const entry of journal.entries(step, state)) {
      failed.set(
        entry.legacyKey,
        entry.lastError ?? { code: 'UNKNOWN', message: `${state} (no reason recorded)` },
      );
    }
  }
  // Not loaded as far as anyone knows: in flight (looked up on the next run), and loaded records
  // Sonar holds twice. Every record the journal does not hold as plainly loaded is listed.
  for (const entry of journal.entries(step, 'in_flight')) failed.set(entry.legacyKey, unsettledError);
  for (const entry of journal.flagged(step))
    if (entry.lastError) failed.set(entry.legacyKey, entry.lastError);
  if (failed.size === 0) {
    rmSync(path, { force: true });
    return { rows: 0, unmatched: 0 };
  }
  let file: CsvFile | undefined;
  let width = 0;
  const writtenRows = new Set<string>();
  let matched = 0;
  for (const record of staged.validOfKeys(step, failed.keys())) {
    const reason = failed.get(record.legacyKey);
    if (!reason) continue;
    matched += 1;
    const { source } = record;
    const rowId = `${source.provenance.file}\u0000${source.provenance.sheet ?? ''}\u0000${source.provenance.row}`;
    if (writtenRows.has(rowId)) continue;
    writtenRows.add(rowId);
    if (!file) {
      file = new CsvFile(path, input.encoding);
      width = Math.max(source.columns.length, source.values.length);
      const header = headerOf(source.columns, width, input.headerNames);
      if (header) file.write([...header, ...failedCsvExtraColumns]);
    }
    const secrets = secretsOf(record);
    const cells = Array.from({ length: width }, (_, i) => maskCell(source.values[i] ?? '', secrets));
    file.write([...cells, reason.code, redactSecrets(reason.message)]);
  }
  if (!file) {
    rmSync(path, { force: true });
    return { rows: 0, unmatched: failed.size };
  }
  file.close();
  return { rows: writtenRows.size, unmatched: failed.size - matched };
}

/** The header line: the input's own names, or the profile's names for a headerless input. */
function headerOf(
  columns: readonly string[],
  width: number,
  names: readonly string[] | null | undefined,
): string[] | undefined {
  const lettersOnly = columns.length > 0 && columns.every((c, i) => c === columnLetter(i));
  if (lettersOnly && names === null) return undefined;
  const base = lettersOnly && names ? names : columns;
  return Array.from({ length: width }, (_, i) => base[i] ?? columnLetter(i));
}

/** Values of the payload's secret fields (any depth): what must not reach a report. */
function secretsOf(record: StagedRecord): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (typeof value === 'string' && /token|password|secret/i.test(key) && value.trim().length >= 4) {
      found.push(value.trim());
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  visit(record.payload, '');
  return found;
}

function maskCell(value: string, secrets: string[]): string {
  const trimmed = value.trim();
  if (secrets.includes(trimmed)) return maskToken(trimmed);
  return redactSecrets(value);
}
