export { type CellLike, cellText, isDateFormat, numberText } from './cell-text.js';
export { columnLetter } from './column-letter.js';
export { readCsvRowBatches, readCsvRows } from './csv-reader.js';
export { isNeutralisedCsv, neutraliseCell, restoreCell } from './formula-cells.js';
export {
  applyHeader,
  applyHeaderToBatches,
  type HeaderIndex,
  type HeaderMode,
  headerIndex,
  looksLikeHeader,
  normalizeHeaderName,
} from './header.js';
export { readRawRowBatches, readRawRows } from './read-raw-rows.js';
export type { InputSpec, RawRow, SourceRow } from './types.js';
export { readXlsxRows } from './xlsx-reader.js';
