import { createReadStream } from 'node:fs';
import { pipeline, Readable, Writable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { CsvError, type InfoRecord, type Parser, parse } from 'csv-parse';
import { formatProvenance, MigrateError, SourceError } from '../errors/index.js';
import { columnLetter } from './column-letter.js';
import { detectDelimiter, resolveDelimiter, sniffLength } from './delimiter.js';
import { hasQuotedCell, isNeutralisedCsv, restoreCell } from './formula-cells.js';
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
  let parser: Parser | undefined;
  let delimiter: string | undefined;
  let batch: RawRow[] = [];
  let failure: MigrateError | undefined;
  // The first record (most often the header row): a parse error's column is named by it too.
  let firstRecord: string[] | undefined;
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
    delimiter = setDelimiter ?? detectDelimiter(head, ended);
    parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, bom: false });
    const rest = Readable.from(restOf(head, ended, chunks), { objectMode: true });
    pipeline(rest, parser, () => {});
    // Every record is a row (blank ones too), so a record's row number is its count: no per-record
    // info object from csv-parse (`info` / `on_record` build one per record, a tenth of the parse).
    let row = 0;
    // A CSV the tool wrote (a rejected or failed report fed back) has its formula cells quoted.
    let restore: boolean | undefined;
    for await (const records of recordBatches(parser)) {
      for (const record of records) {
        row += 1;
        firstRecord ??= record;
        restore ??= isNeutralisedCsv(spec.path, record);
        if (record.every((value) => value === '')) continue;
        batch.push({
          file: spec.displayName,
          row,
          values: hasQuotedCell(record) ? record.map((cell) => restoreCell(cell, restore)) : record,
        });
      }
      if (batch.length > 0) {
        const full = batch;
        batch = [];
        yield full;
      }
    }
  } catch (error) {
    // The parser's record count stops at the last complete record: the bad one is the next. The
    // line it starts on is worked out again only now (rare), so the happy path tracks no lines.
    const records = parser?.info.records ?? 0;
    const line =
      error instanceof CsvError && delimiter !== undefined ? await lineAfter(spec, delimiter, records) : 1;
    failure = toSourceError(error, spec, records + 1, line, firstRecord);
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

/**
 * The parser's records in batches of at most BATCH_ROWS, taken with `read()` as they are buffered:
 * one await per batch instead of one per record (an async iterator over the stream resolves a
 * promise for each record). Ends with the stream; a parse or read error is thrown after the
 * records before it.
 */
async function* recordBatches(parser: Parser): AsyncGenerator<string[][]> {
  let ended = false;
  let failure: unknown;
  let wake = () => {};
  parser.on('readable', () => wake());
  parser.once('end', () => {
    ended = true;
    wake();
  });
  parser.once('error', (error) => {
    failure = error;
    wake();
  });
  for (;;) {
    const records: string[][] = [];
    while (records.length < BATCH_ROWS) {
      const record = parser.read() as string[] | null;
      if (record === null) break;
      records.push(record);
    }
    if (records.length > 0) {
      yield records;
      continue;
    }
    if (failure !== undefined) throw failure;
    if (ended || parser.destroyed) return;
    // Nothing buffered: wait for the next records, the end or an error (set synchronously here,
    // so an event cannot slip in between the empty read and the wait).
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

/**
 * The line on which the record after the first `records` ones starts, found by parsing the file
 * again up to there with csv-parse's per-record context (which counts lines): for the message of a
 * malformed file only.
 */
async function lineAfter(spec: InputSpec, delimiter: string, records: number): Promise<number> {
  let lines = 0;
  const parser = parse({
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    bom: false,
    on_record: (record: string[], context: InfoRecord) => {
      if (context.records <= records) lines = context.lines;
      return record;
    },
  });
  const file = createReadStream(spec.path);
  const text = createTextDecoder(spec);
  try {
    await streamPipeline(
      file,
      text,
      parser,
      new Writable({ objectMode: true, write: (_r, _e, next) => next() }),
    );
  } catch {
    // The same error as the first pass: the lines counted up to it are what is wanted.
  }
  return lines + 1;
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
function toSourceError(
  error: unknown,
  spec: InputSpec,
  row: number,
  line: number,
  firstRecord: readonly string[] | undefined,
): MigrateError {
  if (error instanceof MigrateError) return error;
  if (error instanceof CsvError) {
    const index = typeof error.column === 'number' ? error.column : undefined;
    const column = index === undefined ? undefined : columnLetter(index);
    // The first row's cell above it, when it names the column (a header row): `column "C" (Email)`.
    const heading = index === undefined || row === 1 ? undefined : firstRecord?.[index]?.trim() || undefined;
    const what =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted cell starting on this row is never closed'
        : `${error.message.replace(/\.$/, '')}`;
    const provenance = {
      file: spec.displayName,
      row,
      ...(column ? { column } : {}),
      ...(column && heading ? { columnName: heading } : {}),
    };
    return new SourceError(
      'SOURCE_CSV_MALFORMED',
      `${formatProvenance(provenance)} (line ${line}): ${what} — fix the quotes on that line (a quote inside a quoted cell is written "").`,
      provenance,
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
