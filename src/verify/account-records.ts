import type { StagedRecord, StepName } from '../ground/types.js';
import type { StagedRecords } from '../store/staged-records.js';

/**
 * The valid staged records of one account, in input order (the staged table's account index):
 * verify reads one account at a time, so nothing it holds grows with the number of accounts.
 */
export function stagedRecordsOfAccount(staged: StagedRecords, accountKey: string): StagedRecord[] {
  const rows = staged.db
    .prepare(
      'SELECT step, legacy_key, payload, refs, source FROM staged WHERE account_key = ? AND rejected = 0 ORDER BY seq',
    )
    .all(accountKey) as Array<{
    step: StepName;
    legacy_key: string;
    payload: string;
    refs: string;
    source: string;
  }>;
  return rows.map((row) => ({
    step: row.step,
    legacyKey: row.legacy_key,
    accountKey,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    refs: JSON.parse(row.refs) as StagedRecord['refs'],
    source: staged.parseSource(row.source),
  }));
}

/**
 * The legacy keys of the valid staged accounts, in input order, `pageSize` at a time: short
 * queries, so the caller may write between pages. Keyed on seq (the rowid); `+step` keeps SQLite
 * off the (step, legacy_key) index, which would sort every staged account again for each page.
 */
export function* stagedAccountKeys(
  staged: StagedRecords,
  pageSize: number,
): Generator<string[], void, undefined> {
  const page = staged.db.prepare(
    "SELECT seq, legacy_key FROM staged WHERE +step = 'accounts' AND rejected = 0 AND seq > ? ORDER BY seq LIMIT ?",
  );
  let after = 0;
  for (;;) {
    const rows = page.all(after, pageSize) as Array<{ seq: number; legacy_key: string }>;
    if (rows.length === 0) return;
    yield rows.map((row) => row.legacy_key);
    after = rows.at(-1)?.seq ?? after;
  }
}
