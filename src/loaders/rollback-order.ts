import type { StepName } from '../ground/types.js';
import type { StateDb } from '../store/database.js';
import type { StagedRecords } from '../store/staged-records.js';

/** Accounts read per query from the order's table. */
const ORDER_PAGE = 2_000;

/** One account to delete, and the wave it belongs to. */
export interface AccountInOrder {
  legacyKey: string;
  /**
   * Its depth in the staged hierarchy (0: no parent lists it): accounts of one depth are deleted
   * together, depth after depth. Null when the staging does not know it (rebuilt since the load):
   * such accounts go last, one at a time, newest first.
   */
  level: number | null;
}

/**
 * The order in which rollback deletes the accounts a journal created (loaded, not adopted): parents
 * before their sub-accounts, level by level, from the staged hierarchy when given, then the
 * accounts the staging does not know, newest first (sub-accounts load before their parents).
 * Worked out by SQLite into a temporary table of the state file and read a page at a time, so a
 * million accounts cost no memory here. `hierarchy` must share the journal's connection.
 */
export function accountsInRemovalOrder(
  db: StateDb,
  step: StepName,
  hierarchy: StagedRecords | undefined,
): { total: number; accounts: Iterable<AccountInOrder> } {
  writeRemovalOrder(db, step, hierarchy);
  const total = db.prepare('SELECT count(*) FROM temp.rollback_accounts').pluck().get() as number;
  return { total, accounts: readOrder(db) };
}

/** The order's accounts a page at a time; the temporary tables are dropped once read (or abandoned). */
function* readOrder(db: StateDb): Generator<AccountInOrder, void, undefined> {
  const page = db.prepare(
    'SELECT ord, legacy_key, level FROM temp.rollback_accounts WHERE ord > ? ORDER BY ord LIMIT ?',
  );
  let after = 0;
  try {
    for (;;) {
      const rows = page.all(after, ORDER_PAGE) as Array<{
        ord: number;
        legacy_key: string;
        level: number | null;
      }>;
      for (const row of rows) yield { legacyKey: row.legacy_key, level: row.level };
      const last = rows.at(-1);
      if (!last || rows.length < ORDER_PAGE) return;
      after = last.ord;
    }
  } finally {
    db.exec(
      'DROP TABLE IF EXISTS temp.rollback_accounts; DROP TABLE IF EXISTS temp.rollback_edges; DROP TABLE IF EXISTS temp.rollback_levels',
    );
  }
}

/** Accounts to delete, in removal order, with their level: the order's temporary table. */
function writeRemovalOrder(db: StateDb, step: StepName, hierarchy: StagedRecords | undefined): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.rollback_accounts;
    DROP TABLE IF EXISTS temp.rollback_edges;
    CREATE TEMP TABLE rollback_accounts (ord INTEGER PRIMARY KEY, legacy_key TEXT NOT NULL, level INTEGER);
    CREATE TEMP TABLE rollback_edges (parent TEXT NOT NULL, child TEXT NOT NULL);
    DROP TABLE IF EXISTS temp.rollback_levels;
    CREATE TEMP TABLE rollback_levels (key TEXT PRIMARY KEY, level INTEGER NOT NULL) WITHOUT ROWID;
  `);
  if (hierarchy) {
    hierarchy.ensureIndexes();
    // A sub-account reference names the child's legacy key (as the load's childrenOf reads it).
    db.exec(`
      INSERT INTO temp.rollback_edges
      SELECT s.legacy_key, json_extract(r.value, '$.name') FROM staged s, json_each(s.refs) r
      WHERE s.step = 'accounts' AND s.rejected = 0 AND s.refs <> '[]'
        AND json_extract(r.value, '$.lookup') = 'accounts' AND json_extract(r.value, '$.name') IS NOT NULL;
      CREATE INDEX temp.rollback_edges_parent ON rollback_edges (parent);
      CREATE INDEX temp.rollback_edges_child ON rollback_edges (child);
    `);
    // Depth from the roots (staged accounts no staged account lists); an account two parents list
    // goes after the deeper one. A cycle (validate rejects them) has no root: its accounts go last.
    db.exec(`
      INSERT INTO temp.rollback_levels (key, level)
      WITH RECURSIVE depth(key, level) AS (
        SELECT legacy_key, 0 FROM staged s
        WHERE s.step = 'accounts' AND s.rejected = 0
          AND NOT EXISTS (SELECT 1 FROM temp.rollback_edges e WHERE e.child = s.legacy_key)
        UNION
        SELECT e.child, d.level + 1 FROM depth d JOIN temp.rollback_edges e ON e.parent = d.key
        WHERE d.level < 1000)
      SELECT key, max(level) FROM depth GROUP BY key;
    `);
  }
  db.prepare(
    `INSERT INTO temp.rollback_accounts (legacy_key, level)
     SELECT j.legacy_key, l.level FROM journal j LEFT JOIN temp.rollback_levels l ON l.key = j.legacy_key
     WHERE j.step = ? AND j.state = 'loaded' AND j.adopted = 0
     ORDER BY l.level IS NULL, l.level, j.updated_at DESC, j.legacy_key`,
  ).run(step);
}
