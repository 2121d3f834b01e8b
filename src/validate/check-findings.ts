import type { ErrorCode, Provenance } from '../errors/index.js';
import { formatProvenance } from '../errors/index.js';
import type { SourceRef, StepName } from '../ground/types.js';
import { columnLetter } from '../sources/column-letter.js';
import type { StagedRecords } from '../store/staged-records.js';

/** A staged record a cross-file check found wrong, with what the check's SQL said about it. */
export interface Finding {
  seq: number;
  step: StepName;
  legacyKey: string;
  accountKey: string | null;
  source: SourceRef;
  /** The check's own facts (JSON from its SQL), e.g. where the first of two duplicates is. */
  detail: Record<string, unknown>;
}

/** What a check says about one finding: the problem and what to do, and the column when known. */
export interface FindingMessage {
  text: string;
  column?: string;
}

/** Rows fetched per page when turning findings into rejections: bounds memory on huge inputs. */
const PAGE = 2_000;

/**
 * Runs one cross-file check: `select` is SQL returning `(seq, detail)` — the staged record at
 * fault and a JSON object of facts — which is stored in a temporary table first, so the checks stay
 * set-based (they scale to a 1,000,000-row export) and better-sqlite3 never writes while a read
 * cursor is open. Each finding becomes a RowRejection and marks its staged record rejected.
 * Returns the number of rejections written.
 */
export function rejectFindings(
  staged: StagedRecords,
  code: ErrorCode,
  select: string,
  describe: (finding: Finding) => FindingMessage,
  params: Record<string, unknown> = {},
): number {
  const db = staged.db;
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS findings (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL, detail TEXT)',
  );
  db.exec('DELETE FROM temp.findings');
  db.prepare(`INSERT INTO temp.findings (seq, detail) ${select}`).run(params);
  const page = db.prepare(
    `SELECT f.id, f.seq, f.detail, s.step, s.legacy_key, s.account_key, s.source
     FROM temp.findings f JOIN staged s ON s.seq = f.seq WHERE f.id > ? ORDER BY f.id LIMIT ${PAGE}`,
  );
  const markRejected = db.prepare('UPDATE staged SET rejected = 1 WHERE seq = ?');
  let after = 0;
  let written = 0;
  for (;;) {
    const rows = page.all(after) as FindingRow[];
    if (rows.length === 0) break;
    staged.transaction(() => {
      for (const row of rows) {
        const finding: Finding = {
          seq: row.seq,
          step: row.step,
          legacyKey: row.legacy_key,
          accountKey: row.account_key,
          source: staged.parseSource(row.source),
          detail: row.detail === null ? {} : JSON.parse(row.detail),
        };
        const said = describe(finding);
        const columnName = said.column === undefined ? undefined : nameOf(staged, finding, said.column);
        const provenance: Provenance = {
          ...finding.source.provenance,
          ...(said.column === undefined ? {} : { column: said.column }),
          ...(columnName === undefined ? {} : { columnName }),
          legacyKey: finding.legacyKey,
        };
        staged.addRejection({
          code,
          message: `${formatProvenance(provenance)}: ${said.text}`,
          source: { ...finding.source, provenance },
        });
        markRejected.run(row.seq);
        written += 1;
      }
    });
    after = rows[rows.length - 1]?.id ?? after;
  }
  db.exec('DELETE FROM temp.findings');
  return written;
}

/** The profile's name of a column a file without a header row names by letter (see StagedRecords.columnNames). */
function nameOf(staged: StagedRecords, finding: Finding, column: string): string | undefined {
  const index = finding.source.columns.indexOf(column);
  if (index < 0 || column !== columnLetter(index)) return undefined;
  const name = staged.columnNames.get(finding.step)?.[index];
  return name === column ? undefined : name;
}

interface FindingRow {
  id: number;
  seq: number;
  detail: string | null;
  step: StepName;
  legacy_key: string;
  account_key: string | null;
  source: string;
}

/**
 * The column of a row whose cell holds `value` (trimmed), to point the user at it: cross-file
 * checks work on payloads, which do not remember their column, so we look the value up in the row.
 */
export function columnHolding(source: SourceRef, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const wanted = String(value).trim();
  if (wanted === '') return undefined;
  const index = source.values.findIndex((cell) => cell.trim() === wanted);
  return index < 0 ? undefined : source.columns[index];
}

/** `accounts.csv:17` (with the sheet, when there is one): where a related row is, for messages. */
export function whereRow(provenance: Partial<Provenance> | undefined): string {
  if (!provenance?.file) return 'its input';
  const sheet = provenance.sheet ? `[${provenance.sheet}]` : '';
  return `${provenance.file}${sheet}:${provenance.row ?? '?'}`;
}
