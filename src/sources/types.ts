/** One record of an input file, before any header handling: the cells as text. */
export interface RawRow {
  /** The file name as the user wrote it (InputSpec.displayName), for messages. */
  file: string;
  /** The sheet name, for XLSX inputs. */
  sheet?: string;
  /**
   * 1-based row as a spreadsheet shows it: the first record is row 1 (the header row when there is
   * one); a quoted field with embedded newlines is still one row, and a blank line still counts as
   * a row (it is skipped, but the rows after it keep the numbers a spreadsheet would show).
   */
  row: number;
  /** The cells in column order, as text ("" for an empty cell). */
  values: string[];
}

/** Where and how to read one input file. */
export interface InputSpec {
  /** Absolute path. */
  path: string;
  /** The path as the user wrote it, used in every message. */
  displayName: string;
  /** XLSX only: the sheet to read (default: the first sheet). */
  sheet?: string;
  /** CSV only: the text encoding (default: UTF-8, or UTF-16 when the file starts with its BOM). */
  encoding?: string;
  /** CSV only: one delimiter character, or "tab" (default: detected). */
  delimiter?: string;
  /** JSON only: further files of the same input, read after the first as one list of records. */
  moreFiles?: Array<{ path: string; displayName: string }>;
  /**
   * JSON only: the records are the items of every list of this name in the answers, each carrying
   * its answer's plain fields (WHMCS GetPayMethods: `paymethods`, each with the answer's `clientid`).
   */
  recordsIn?: string;
}

/** A RawRow with a name for each column position. */
export type SourceRow = RawRow & {
  /** The name per position: the header name, or the column letter when there is no header. */
  columns: string[];
  /** Set when the input's numbers are written with a decimal comma (its `decimal: ","`). */
  decimal?: ',';
};
