import { readFile } from 'node:fs/promises';
import { SourceError } from '../errors/index.js';
import { parseJsonDocuments } from './json-documents.js';
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
 *
 * A file may hold several answers one after the other (a shell loop appending each call's answer):
 * their records are read in turn. With `recordsIn` (WHMCS GetPayMethods: `paymethods`), the
 * records are the items of every list of that name, wherever the answers sit — one answer, an
 * array of answers, an object of answers keyed by anything, or answers one after the other — and
 * each record carries its answer's plain fields (`clientid`) before its own, which win a clash.
 */
export async function* readJsonRows(spec: InputSpec): AsyncGenerator<RawRow> {
  const files = [{ path: spec.path, displayName: spec.displayName }, ...(spec.moreFiles ?? [])];
  const read: Array<{ displayName: string; records: JsonRecord[] }> = [];
  const fields = new Map<string, number>();
  for (const file of files) {
    const documents = await parseJsonFile(file.path, file.displayName);
    const records =
      spec.recordsIn === undefined
        ? documents.flatMap((document) => findRecords(document, file.displayName))
        : recordsIn(documents, spec.recordsIn, file.displayName);
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

async function parseJsonFile(path: string, displayName: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
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
  return parseJsonDocuments(text, displayName);
}

/**
 * The items of every `name` list in the answers, each with its answer's plain fields first. An
 * error answer (`{"result":"error","message":"Client Not Found"}`) is refused, naming it: a loop's
 * failed call would otherwise lose that client's records unseen. A file without the list is refused.
 */
function recordsIn(documents: unknown[], name: string, displayName: string): JsonRecord[] {
  const records: JsonRecord[] = [];
  let answers = 0;
  const visit = (node: unknown, depth: number) => {
    if (Array.isArray(node)) {
      if (depth < 4) for (const item of node) visit(item, depth + 1);
      return;
    }
    if (!isRecord(node)) return;
    // An error answer in a loop (WHMCS: {"result":"error","message":"…"}): its client's records are missing.
    if (node.result === 'error') {
      const said = typeof node.message === 'string' ? node.message.slice(0, 120) : 'no message';
      throw new SourceError(
        'SOURCE_UNREADABLE',
        `${displayName}: answer ${answers + 1} is an error ("${said}"), not a list of "${name}" — fix the call (credentials, client id) and save the answers again, or take that answer out.`,
        { file: displayName },
      );
    }
    const list = node[name];
    if (Array.isArray(list)) {
      answers++;
      const carried: JsonRecord = {};
      for (const [key, value] of Object.entries(node)) {
        if (key !== name && (value === null || typeof value !== 'object')) carried[key] = value;
      }
      for (const item of list) if (isRecord(item)) records.push({ ...carried, ...item });
      return;
    }
    if (depth < 4) for (const child of Object.values(node)) visit(child, depth + 1);
  };
  for (const document of documents) visit(document, 0);
  if (answers === 0) {
    throw new SourceError(
      'SOURCE_UNREADABLE',
      `${displayName}: no "${name}" list in it — expected the API's answers, each holding a "${name}" list (one answer, an array of them, or one after the other). Save the answers unchanged.`,
      { file: displayName },
    );
  }
  return records;
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
