import type { ErrorCode } from './codes.js';

/** Where a value came from: enough to find the cell in the user's file. */
export interface Provenance {
  /** File name as given in the configuration (relative). */
  file: string;
  /** Sheet name for XLSX inputs. */
  sheet?: string;
  /** 1-based row as a spreadsheet shows it: the header row, when present, is row 1. */
  row: number;
  /** Column name (header) or letter. */
  column?: string;
  /**
   * The column's name when `column` is only its letter (a file read without a header row: the
   * profile's name for it), so a message says `column "C" (Token)`, never a bare letter.
   */
  columnName?: string;
  /** The legacy key of the record the row belongs to, once known. */
  legacyKey?: string;
}

/** Formats provenance as `file[sheet]:row column "C" (Name) (legacy KEY)`. */
export function formatProvenance(p: Provenance): string {
  const sheet = p.sheet ? `[${p.sheet}]` : '';
  const name = p.columnName && p.columnName !== p.column ? ` (${p.columnName})` : '';
  const column = p.column ? ` column "${p.column}"${name}` : '';
  const key = p.legacyKey ? ` (legacy ${p.legacyKey})` : '';
  return `${p.file}${sheet}:${p.row}${column}${key}`;
}

/** Base of every error sonar-migrate throws on purpose: a code and a message that says what to do. */
export abstract class MigrateError extends Error {
  abstract readonly exitCode: 0 | 1 | 2;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad configuration or usage: the run stops at start-up with exit code 2. */
export class ConfigError extends MigrateError {
  readonly exitCode = 2 as const;
}

/** An input file cannot be read at all (a single bad row is a RowRejection instead). */
export class SourceError extends MigrateError {
  readonly exitCode = 2 as const;
  constructor(
    code: ErrorCode,
    message: string,
    readonly provenance?: Partial<Provenance>,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** A bug: exit 1 with "please report". */
export class InternalError extends MigrateError {
  readonly exitCode = 1 as const;
}
