import { readFile } from 'node:fs/promises';
import { SourceError } from '../errors/index.js';
import type { InputSpec, RawRow } from './types.js';

type JsonRecord = Record<string, unknown>;

/**
 * Reads a JSON export (an API answer saved to a file) as rows: the records are the file's array
 * of objects — the top-level array, or the one array of objects nested in the answer's envelope
 * (WHMCS `{"clients":{"client":[…]}}`). The columns are every field name, in the order first
 * seen across all the files of the input, so records of one API that omit a field still line up.
 * A record's row is its 1-based position in its file's array (`customers.json:3` is the third),
 * and its column is the field name: the provenance an operator can find in the file.
 * The header comes first as row 0 (it is not in the file).
 */
export async function* readJsonRows(spec: InputSpec): AsyncGenerator<RawRow> {
  const files = [{ path: spec.path, displayName: spec.displayName }, ...(spec.moreFiles ?? [])];
  const read: Array<{ displayName: string; records: JsonRecord[] }> = [];
  const fields = new Map<string, number>();
  for (const file of files) {
    const records = findRecords(await parseJsonFile(file.path, file.displayName), file.displayName);
    for (const record of records)
      for (const key of Object.keys(record)) if (!fields.has(key)) fields.set(key, fields.size);
    read.push({ displayName: file.displayName, records });
  }
  const names = [...fields.keys()];
  yield { file: spec.displayName, row: 0, values: names };
  for (const { displayName, records } of read) {
    let row = 0;
    for (const record of records) {
      row++;
      yield { file: displayName, row, values: names.map((name) => jsonCellText(record[name])) };
    }
  }
}

async function parseJsonFile(path: string, displayName: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new SourceError(
      'SOURCE_UNREADABLE',
      `${displayName}: cannot read it as JSON (${reason}) — save the API's answer unchanged, as UTF-8.`,
      { file: displayName },
      { cause: error },
    );
  }
}

/** The file's records: the top-level array, or the single array of objects inside its envelope. */
function findRecords(value: unknown, displayName: string): JsonRecord[] {
  const found: JsonRecord[][] = [];
  const visit = (node: unknown, depth: number) => {
    if (Array.isArray(node)) {
      if (node.length === 0 || node.every(isRecord)) found.push(node as JsonRecord[]);
      return;
    }
    // An envelope is a few levels deep at most; a record's own nested lists are not records.
    if (isRecord(node) && depth < 3) for (const child of Object.values(node)) visit(child, depth + 1);
  };
  visit(value, 0);
  const nonEmpty = found.filter((list) => list.length > 0);
  if (Array.isArray(value) && found[0] === value) return value as JsonRecord[];
  if (nonEmpty.length === 1 && nonEmpty[0]) return nonEmpty[0];
  if (nonEmpty.length === 0 && found.length > 0) return [];
  throw new SourceError(
    'SOURCE_UNREADABLE',
    `${displayName}: not a list of records — expected an array of objects (or one such array inside the API's answer), found ${nonEmpty.length === 0 ? 'none' : `${nonEmpty.length} arrays`}. Save one API list per file.`,
    { file: displayName },
  );
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A field as a cell: text as is, numbers and booleans as written, null as blank, a list of plain
 * values as "a, b" (the list form a mapping's `explode` splits: UCRM's `ipRanges`), other objects
 * as JSON.
 */
function jsonCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.join(', ');
  }
  return JSON.stringify(value);
}
