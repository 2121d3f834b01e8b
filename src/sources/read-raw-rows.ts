import { access, constants } from 'node:fs/promises';
import { extname } from 'node:path';
import { SourceError } from '../errors/index.js';
import { readCsvRowBatches, readCsvRows } from './csv-reader.js';
import { readJsonRows } from './json-reader.js';
import type { InputSpec, RawRow } from './types.js';
import { readXlsxRows } from './xlsx-reader.js';

const csvExtensions = new Set(['.csv', '.txt', '.tsv']);

/** Streams the rows of an input file, choosing the reader by extension (.csv/.txt/.tsv, .xlsx or .json). */
export async function* readRawRows(spec: InputSpec): AsyncGenerator<RawRow> {
  if (isJson(spec)) {
    yield* readJsonRows(spec);
    return;
  }
  const isCsv = await checkReadable(spec);
  yield* isCsv ? readCsvRows(spec) : readXlsxRows(spec);
}

/**
 * The rows of `readRawRows` in batches (see readCsvRowBatches): for a consumer of big files. A
 * workbook's rows come one per batch (its reader is not the bottleneck).
 */
export async function* readRawRowBatches(spec: InputSpec): AsyncGenerator<RawRow[]> {
  if (isJson(spec)) {
    const rows: RawRow[] = [];
    for await (const row of readJsonRows(spec)) rows.push(row);
    yield rows;
    return;
  }
  const isCsv = await checkReadable(spec);
  if (isCsv) yield* readCsvRowBatches(spec);
  else for await (const row of readXlsxRows(spec)) yield [row];
}

/** A JSON export (an API answer saved to a file): read whole, it is not streamed. */
function isJson(spec: InputSpec): boolean {
  return extname(spec.path).toLowerCase() === '.json';
}

/** Throws the SourceError of a file that cannot be read; true for a CSV, false for a workbook. */
async function checkReadable(spec: InputSpec): Promise<boolean> {
  const extension = extname(spec.path).toLowerCase();
  const isCsv = csvExtensions.has(extension);
  if (!isCsv && extension !== '.xlsx') {
    throw new SourceError(
      'SOURCE_UNSUPPORTED_FORMAT',
      `${spec.displayName}: cannot read "${extension || 'no extension'}" files — save it as .csv, .xlsx or .json (old .xls: save as .xlsx).`,
      { file: spec.displayName },
    );
  }
  try {
    await access(spec.path, constants.R_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not readable';
    throw new SourceError(
      'SOURCE_UNREADABLE',
      `${spec.displayName}: cannot open the file (${reason}) — check the path and its permissions.`,
      { file: spec.displayName },
      { cause: error },
    );
  }
  return isCsv;
}
