export { type CellLike, cellText, isDateFormat, numberText } from './cell-text.js';
export { columnLetter } from './column-letter.js';
export { readCsvRows } from './csv-reader.js';
export {
  applyHeader,
  type HeaderIndex,
  type HeaderMode,
  headerIndex,
  looksLikeHeader,
  normalizeHeaderName,
} from './header.js';
export { readRawRows } from './read-raw-rows.js';
export type { InputSpec, RawRow, SourceRow } from './types.js';
export { readWorkbookIndex, type WorkbookIndex, type WorkbookSheet } from './workbook-index.js';
export { readXlsxRows } from './xlsx-reader.js';
