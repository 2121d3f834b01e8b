import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { CsvError, type InfoRecord, parse } from 'csv-parse';
import { MigrateError, SourceError } from '../errors/index.js';
import { columnLetter } from './column-letter.js';
import { detectDelimiter, resolveDelimiter, sniffLength } from './delimiter.js';
import { checkEncoding, createTextDecoder } from './text-decoding.js';
import type { InputSpec, RawRow } from './types.js';

/**
 * Streams a CSV file as RawRows. Every record counts as a row, blank ones included (a spreadsheet
 * shows a blank line as a row), but a record whose cells are all empty is not yielded. Ragged
 * rows are kept as they are; a stray quote inside an unquoted cell (`12" dish`) is kept as text.
 */
export async function* readCsvRows(spec: InputSpec): AsyncGenerator<RawRow> {
  for await (const batch of readCsvRowBatches(spec)) yield* batch;
}

/** Rows per batch at most (a batch also ends whenever the parser has nothing more buffered). */
const BATCH_ROWS = 1_000;

/**
 * The rows of `readCsvRows`, in batches: a consumer reading a big file then pays the async hops of
 * its generators once per batch instead of once per row. A read error comes after the batch of
 * the rows before it.
 */
export async function* readCsvRowBatches(spec: InputSpec): AsyncGenerator<RawRow[]> {
  checkEncoding(spec);
  const setDelimiter = resolveDelimiter(spec.delimiter, spec.displayName);
  const file = createReadStream(spec.path);
  const text = createTextDecoder(spec);
  pipeline(file, text, () => {}); // errors surface through the text stream's iterator below
  const chunks = text[Symbol.asyncIterator]() as AsyncIterator<string>;
  let parser: ReturnType<typeof parse> | undefined;
  let row = 0;
  let parsed = { records: 0, lines: 0 };
  let batch: RawRow[] = [];
  let failure: MigrateError | undefined;
  try {
    // Read just enough text to detect the delimiter, then hand it and the rest to the parser.
    let head = '';
    let ended = false;
    while (head.length < sniffLength) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      head += next.value;
    }
    const delimiter = setDelimiter ?? detectDelimiter(head, ended);
    parser = parse({
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      bom: false,
      // Called as the parser goes, before records reach us: a parse error can still name its row.
      // The record's number is taken from this context rather than with `info: true`, which would
      // build a second info object for every record.
      on_record: (record: string[], context: InfoRecord) => {
        parsed = { records: context.records, lines: context.lines };
        // (csv-parse's types want a string[] back; any object is pushed as is.)
        return { record, records: context.records } as unknown as string[];
      },
    });
    const rest = Readable.from(restOf(head, ended, chunks), { objectMode: true });
    pipeline(rest, parser, () => {});
    for await (const { record, records } of parser as AsyncIterable<{ record: string[]; records: number }>) {
      row = records;
      if (record.every((value) => value === '')) continue;
      batch.push({ file: spec.displayName, row, values: record });
      if (batch.length >= BATCH_ROWS || parser.readableLength === 0) {
        const full = batch;
        batch = [];
        yield full;
      }
    }
  } catch (error) {
    failure = toSourceError(error, spec, parsed.records + 1, parsed.lines + 1);
  } finally {
    // Released here (also when the consumer stops early), unless rows are left to hand over below.
    if (batch.length === 0) release();
  }
  try {
    // The rows read before a failure (or the end) still come first, as they would one by one.
    if (batch.length > 0) yield batch;
    if (failure) throw failure;
  } finally {
    release();
  }

  function release() {
    parser?.destroy();
    text.destroy();
    file.destroy();
  }
}

async function* restOf(head: string, ended: boolean, chunks: AsyncIterator<string>): AsyncGenerator<string> {
  if (head) yield head;
  if (ended) return;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Wraps a parse or I/O failure once, naming the row and the line where the bad record starts. */
function toSourceError(error: unknown, spec: InputSpec, row: number, line: number): MigrateError {
  if (error instanceof MigrateError) return error;
  if (error instanceof CsvError) {
    const column = typeof error.column === 'number' ? columnLetter(error.column) : undefined;
    const what =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted cell starting on this row is never closed'
        : `${error.message.replace(/\.$/, '')}`;
    const where = column ? `${row}:${column}` : `${row}`;
    return new SourceError(
      'SOURCE_CSV_MALFORMED',
      `${spec.displayName}:${where} (line ${line}): ${what} — fix the quotes on that line (a quote inside a quoted cell is written "").`,
      { file: spec.displayName, row, ...(column ? { column } : {}) },
      { cause: error },
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SourceError(
    'SOURCE_UNREADABLE',
    `${spec.displayName}: cannot read the file (${reason}) — check the path and that it is a readable CSV file.`,
    { file: spec.displayName },
    { cause: error },
  );
}
