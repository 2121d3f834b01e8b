import { type ErrorCode, formatProvenance } from '../errors/index.js';
import type { StepName } from '../ground/types.js';
import type { StagedRecords } from '../store/staged-records.js';

// A refused row is not looked at by the cross-file checks that run after its refusal (they read
// staged rows that are not rejected): without a word, its next problem only shows once it is fixed
// and fed back (issue 17: "validate needs two rounds for one row"). Each such row gets one more
// line in its rejection list, in the same pass, naming the checks that could not run on it.

/** A cross-file check: the code it rejects with, the inputs whose rows it checks, what it checks. */
export interface RanCheck {
  code: ErrorCode;
  /** The inputs whose rows it checks; empty for one that only passes a rejection on (the cascade). */
  inputs: readonly StepName[];
  /** What it checks, as the "not checked" line names it: `the next bill date against the bill day`. */
  what: string;
}

/** Where a row is: input, file, sheet and row, as a key. */
export function rowKeyOf(input: string, provenance: { file: string; sheet?: string; row: number }): string {
  return `${input}\u0000${provenance.file}\u0000${provenance.sheet ?? ''}\u0000${provenance.row}`;
}

/**
 * The cross-file checks of one pass, in the order they ran, each with the last rejection written
 * when it was done: a row's first rejection then says which check refused it (or that it was
 * refused while being read, before any), and so which checks after it never saw the row.
 */
export class CheckLog {
  private readonly ran: Array<RanCheck & { upTo: number }> = [];
  /** The last rejection written while reading the inputs, before any check ran. */
  private readonly readUpTo: number;
  /** Rows a check looked at from the raw cells although they were refused (see `checkedAnyway`). */
  private readonly anyway = new Map<string, Set<ErrorCode>>();

  constructor(private readonly staged: StagedRecords) {
    this.readUpTo = lastRejection(staged);
  }

  /** Records that `check` ran (call it right after). */
  record(check: RanCheck): void {
    this.ran.push({ ...check, upTo: lastRejection(this.staged) });
  }

  /** Records that `code`'s check ran on a refused row anyway (from its raw cells). */
  checkedAnyway(rowKey: string, code: ErrorCode): void {
    const codes = this.anyway.get(rowKey) ?? new Set<ErrorCode>();
    codes.add(code);
    this.anyway.set(rowKey, codes);
  }

  /**
   * Adds a MAP_NOT_CHECKED line to each rejected row that checks skipped: a row refused while
   * being read missed every check of its input (but those that ran on its raw cells anyway); one
   * rejected by a check missed the checks after it. Returns the lines added.
   */
  noteUncheckedRows(): number {
    const staged = this.staged;
    // The first rejection of each row (a row with several problems has several).
    const firsts = staged.db
      .prepare(
        `SELECT r.seq, r.input, r.legacy_key, r.code, r.source FROM rejections r JOIN (
           SELECT MIN(seq) AS seq FROM rejections
           GROUP BY input, json_extract(source, '$.provenance.file'), json_extract(source, '$.provenance.sheet'),
                    json_extract(source, '$.provenance.row')) f ON f.seq = r.seq
         ORDER BY r.seq`,
      )
      .all() as Array<{
      seq: number;
      input: StepName;
      legacy_key: string | null;
      code: ErrorCode;
      source: string;
    }>;
    // A warning (MAP_FIELD_DROPPED) leaves the row's record staged, and checked: found by key, then row.
    const stagedOfKey = staged.db.prepare(
      `SELECT json_extract(source, '$.provenance.file') AS file, json_extract(source, '$.provenance.row') AS row
       FROM staged WHERE step = ? AND legacy_key = ? AND rejected = 0`,
    );
    const stillStaged = (input: StepName, key: string | null, at: { file: string; row: number }) =>
      key !== null &&
      (stagedOfKey.all(input, key) as Array<{ file: string; row: number }>).some(
        (s) => s.file === at.file && s.row === at.row,
      );
    const lines: Array<{ source: ReturnType<StagedRecords['parseSource']>; message: string }> = [];
    for (const first of firsts) {
      // A row refused as a kind Sonar cannot take is never fed back: no check is owed to it.
      if (first.code === 'MAP_NOT_MIGRATABLE') continue;
      const refusedOnRead = first.seq <= this.readUpTo;
      // The check that wrote it: the first whose last rejection is at or after it.
      const after = refusedOnRead ? 0 : this.ran.findIndex((c) => c.upTo >= first.seq) + 1;
      if (!refusedOnRead && after === 0) continue;
      const source = staged.parseSource(first.source);
      if (refusedOnRead && stillStaged(first.input, first.legacy_key, source.provenance)) continue;
      const anyway = this.anyway.get(rowKeyOf(first.input, source.provenance));
      const missed = this.ran
        .slice(after)
        .filter((c) => c.inputs.includes(first.input) && !anyway?.has(c.code))
        .map((c) => c.what);
      const unique = [...new Set(missed)];
      if (unique.length === 0) continue;
      const { column: _column, columnName: _name, ...where } = source.provenance;
      const why = refusedOnRead ? 'while being read' : `by ${first.code}`;
      lines.push({
        source: { ...source, provenance: where },
        message: `${formatProvenance(where)}: not checked, as the row was refused ${why}: ${unique.join('; ')} — these run when the fixed row is fed back`,
      });
    }
    staged.transaction(() => {
      for (const line of lines) staged.addRejection({ code: 'MAP_NOT_CHECKED', ...line });
    });
    return lines.length;
  }
}

function lastRejection(staged: StagedRecords): number {
  return (staged.db.prepare('SELECT COALESCE(MAX(seq), 0) FROM rejections').pluck().get() as number) ?? 0;
}
