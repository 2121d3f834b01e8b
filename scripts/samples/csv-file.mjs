// A tiny streaming CSV writer for the sample generator. It quotes text the way Sonar's importer
// templates do (strings in double quotes, numbers bare) and honours stream back-pressure, so a
// million-account run never holds more than one row in memory.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import iconv from 'iconv-lite';

/**
 * One CSV line: numbers bare, text double-quoted (quotes doubled), null/undefined/'' empty.
 * @param {Array<string | number | null | undefined>} values
 * @param {string} eol
 * @returns {string}
 */
export function csvLine(values, eol = '\n') {
  const cells = values.map((value) => {
    if (value === null || value === undefined || value === '') return '';
    if (typeof value === 'number') return String(value);
    return `"${value.replaceAll('"', '""')}"`;
  });
  return cells.join(',') + eol;
}

/**
 * @typedef {object} CsvFileOptions
 * @property {string[]} [header] header row to write first, or none
 * @property {string} [eol] line ending, default "\n"
 * @property {boolean} [bom] start the file with a UTF-8 byte order mark
 * @property {string} [encoding] iconv-lite encoding of the bytes written, default UTF-8
 */

/**
 * A CSV file being written row by row; `lines` counts physical lines written (header included).
 * @param {string} path
 * @param {CsvFileOptions} [options]
 */
export function openCsvFile(path, options = {}) {
  const stream = createWriteStream(path);
  const eol = options.eol ?? '\n';
  const encoding = options.encoding;
  let lines = 0;
  let rows = 0;

  /** @param {string} text */
  async function write(text) {
    const chunk = encoding ? iconv.encode(text, encoding) : text;
    if (!stream.write(chunk)) await once(stream, 'drain');
  }

  const file = {
    path,
    /** Physical lines written so far: the next row's line is `lines + 1`. */
    get lines() {
      return lines;
    },
    /** Data rows written so far (header excluded). */
    get rows() {
      return rows;
    },
    /**
     * Write one data row; resolves once the stream can take more.
     * @param {Array<string | number | null | undefined>} values
     */
    async row(values) {
      lines += 1;
      rows += 1;
      await write(csvLine(values, eol));
      return lines;
    },
    /** Flush and close the file. */
    async close() {
      stream.end();
      await once(stream, 'finish');
    },
  };

  if (options.bom) stream.write('\uFEFF');
  if (options.header) {
    lines += 1;
    stream.write(
      encoding ? iconv.encode(csvLine(options.header, eol), encoding) : csvLine(options.header, eol),
    );
  }
  return file;
}
