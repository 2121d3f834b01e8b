import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import iconv from 'iconv-lite';
import { type RowRejection, type StepName, stepNames } from '../ground/types.js';
import { redactSecrets } from '../sonar/redact.js';
import { columnLetter, neutraliseCell } from '../sources/index.js';
import type { StagedRecords } from '../store/staged-records.js';
import { ReportFile } from './report-file.js';

/** The columns appended to the original row's columns in a `<input>.rejected.csv`. */
export const rejectionColumns = ['_file', '_sheet', '_row', '_column', '_code', '_error'] as const;

/** How to write the header of one input's rejected CSV so the fixed file reads back like the input. */
export interface RejectedCsvInput {
  /**
   * The header names to write when the input had no header row (its columns are letters): the
   * profile's expected names, so header detection recognizes the row when the file is re-fed;
   * `null` for an input read without any header, whose rejected rows get no header line either.
   */
  headerNames?: readonly string[] | null;
  /** The input's configured encoding (e.g. windows-1252): the file is written in it so it re-feeds as is. */
  encoding?: string;
}

/** One rejected CSV written. */
export interface RejectedCsvFile {
  input: StepName;
  path: string;
  /** Lines written, header not counted: one per problem. */
  lines: number;
}

/** Lines buffered before each write: bounds memory however many rows were rejected. */
const CHUNK_LINES = 1_000;

/**
 * Writes `<input>.rejected.csv` into `dir` for each input with rejections: the original row's
 * columns (the input's own header) followed by `_file, _sheet, _row, _column, _code, _error`, one
 * line per problem (a MAP_NOT_CHECKED line is none: it is left out), in row order — so a row with
 * two problems appears twice; keep one copy when
 * fixing it. Drop the `_` columns and the fixed file re-feeds as that input. Raw card numbers
 * were masked before they were staged, and so were payment tokens and portal passwords (last 4
 * characters at most): re-enter those cells from the original export when re-feeding a row.
 */
export function writeRejectedCsvs(
  staged: StagedRecords,
  dir: string,
  inputs: Partial<Record<StepName, RejectedCsvInput>> = {},
): RejectedCsvFile[] {
  const files: RejectedCsvFile[] = [];
  const counts = new Map(staged.rejectionCounts().map((c) => [c.input, c.problems]));
  for (const input of stepNames) {
    if (!counts.get(input)) continue;
    const path = join(dir, `${input}.rejected.csv`);
    files.push({ input, path, lines: writeOne(staged, input, path, inputs[input] ?? {}) });
  }
  return files;
}

/** Deletes every `<input>.rejected.csv` a previous run left in `dir`, so none outlives its fix. */
export function removeStaleRejectedCsvs(dir: string): void {
  for (const input of stepNames) rmSync(join(dir, `${input}.rejected.csv`), { force: true });
}

function writeOne(staged: StagedRecords, input: StepName, path: string, options: RejectedCsvInput): number {
  let width = 0;
  let columns: string[] | undefined;
  for (const rejection of staged.rejectionsOf(input)) {
    if (rejection.code === 'MAP_NOT_CHECKED') continue;
    const own = ownWidth(rejection.source.columns);
    width = Math.max(width, own ?? rejection.source.values.length, own ?? rejection.source.columns.length);
    columns ??= rejection.source.columns;
  }
  const header = headerOf(columns ?? [], width, options.headerNames);
  const encoding = options.encoding && !/^utf-?8$/i.test(options.encoding) ? options.encoding : undefined;
  const file = new ReportFile(path);
  const write = (rows: string[][]) => {
    const text = stringify(rows.map((cells) => cells.map(neutraliseCell)));
    file.write(encoding ? iconv.encode(text, encoding) : text);
  };
  // A BOM makes Excel open UTF-8 as UTF-8; our own CSV reader skips it.
  if (!encoding) file.write('\uFEFF');
  if (header) write([[...header, ...rejectionColumns]]);
  let chunk: string[][] = [];
  let lines = 0;
  for (const rejection of staged.rejectionsOf(input)) {
    // Not a problem of the row: a copy of it for that line would only have to be deleted before re-feeding.
    if (rejection.code === 'MAP_NOT_CHECKED') continue;
    chunk.push(lineOf(rejection, width));
    lines += 1;
    if (chunk.length >= CHUNK_LINES) {
      write(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) write(chunk);
  file.commit();
  return lines;
}

/**
 * The input's own columns of a row read from a rejected CSV fed back (`_file` and after are ours,
 * written again from the new rejection), or undefined for a row of the export itself.
 */
function ownWidth(columns: readonly string[]): number | undefined {
  const at = columns.indexOf(rejectionColumns[0]);
  return at >= 0 ? at : undefined;
}

/** The header line: the input's own names, or the profile's names for a headerless input. */
function headerOf(
  columns: readonly string[],
  width: number,
  names: readonly string[] | null | undefined,
): string[] | undefined {
  const lettersOnly = columns.every((c, i) => c === columnLetter(i));
  if (lettersOnly && names === null) return undefined;
  const base = lettersOnly && names ? names : columns;
  return Array.from({ length: width }, (_, i) => base[i] ?? columnLetter(i));
}

function lineOf(rejection: RowRejection, width: number): string[] {
  const { provenance, values } = rejection.source;
  const cells = Array.from({ length: width }, (_, i) => values[i] ?? '');
  return [
    ...cells,
    provenance.file,
    provenance.sheet ?? '',
    String(provenance.row),
    provenance.column ?? '',
    rejection.code,
    redactSecrets(rejection.message),
  ];
}
