import type { StepName } from '../ground/types.js';
import type { StagedRecords } from '../store/staged-records.js';

/**
 * A file fed back as an extra file of an input (a fixed `<input>.rejected.csv`, with or without
 * its `_` columns) replaces what the earlier files of that input said about the same rows: every
 * earlier staged record and rejection sharing a legacy key with one of its rows, and — when the
 * `_file` and `_row` columns were kept — the very row it was written from, even if the fix changed
 * its key. Run right after the file is staged, before the cross-file checks, which then judge the
 * fixed rows against everything staged. Returns the number of earlier rows replaced, so a row is
 * counted once however many times it was fed.
 */
export function replaceEarlierRows(staged: StagedRecords, input: StepName, file: string): number {
  const db = staged.db;
  const fromThisFile = `json_extract(source, '$.input') = @input AND json_extract(source, '$.provenance.file') = @file`;
  const sources = db
    .prepare(
      `SELECT legacy_key AS key, source FROM staged WHERE ${fromThisFile}
       UNION ALL SELECT legacy_key AS key, source FROM rejections WHERE input = @input AND ${fromThisFile}`,
    )
    .all({ input, file }) as Array<{ key: string | null; source: string }>;
  const keys = new Set<string>();
  const rows = new Set<string>();
  for (const { key, source } of sources) {
    if (key !== null) keys.add(key);
    const origin = originOf(staged.parseSource(source));
    if (origin) rows.add(origin);
  }
  if (keys.size === 0 && rows.size === 0) return 0;
  const earlier = `json_extract(source, '$.input') = @input AND json_extract(source, '$.provenance.file') <> @file
    AND (legacy_key IN (SELECT value FROM json_each(@keys))
         OR (json_extract(source, '$.provenance.file') || ':' || json_extract(source, '$.provenance.row'))
            IN (SELECT value FROM json_each(@rows)))`;
  const params = { input, file, keys: JSON.stringify([...keys]), rows: JSON.stringify([...rows]) };
  return staged.transaction(() => {
    const replaced = db
      .prepare(
        `SELECT COUNT(*) FROM (
           SELECT json_extract(source, '$.provenance.file') AS f, json_extract(source, '$.provenance.row') AS r
           FROM staged WHERE ${earlier}
           UNION SELECT json_extract(source, '$.provenance.file'), json_extract(source, '$.provenance.row')
           FROM rejections WHERE ${earlier})`,
      )
      .pluck()
      .get(params) as number;
    db.prepare(`DELETE FROM staged WHERE ${earlier}`).run(params);
    db.prepare(`DELETE FROM rejections WHERE ${earlier}`).run(params);
    return replaced;
  });
}

/** `file:row` of the row a rejected CSV line was written from, when its `_file` and `_row` columns were kept. */
function originOf(source: { values: string[]; columns: string[] }): string | undefined {
  const file = source.values[source.columns.indexOf('_file')];
  const row = source.values[source.columns.indexOf('_row')];
  if (!file || !row || !/^\d+$/.test(row.trim())) return undefined;
  return `${file}:${Number(row)}`;
}
