import type { PendingRef, StepName } from '../ground/types.js';
import { keyPart } from '../mappers/keys.js';
import type { StateDb } from './database.js';

// Issue 16: contacts, addresses, services and payment methods used to be keyed by their whole
// content, so an edit looked like a new record and `load` created it a second time. They are now
// keyed by identity (mappers/keys.ts) and numbered here when an account has several of one.

/** The steps keyed by identity, and the payload field that names the identity (none: the account). */
export const identityFields: ReadonlyMap<StepName, string | undefined> = new Map<
  StepName,
  string | undefined
>([
  ['contacts', 'name'],
  ['addresses', 'address_type_id'],
  ['services', 'service_id'],
  ['credit_cards', undefined],
  ['bank_accounts', undefined],
]);

/**
 * Numbers the records of an account that share an identity key: the first distinct content keeps
 * the key, the next ones get `#2`, `#3`… in order of first appearance. Identical rows keep one key,
 * so the duplicate check still reports them. Runs once at the end of a staging pass.
 */
export function numberStagedKeys(db: StateDb): void {
  db.exec(`
    WITH firsts AS (
      SELECT step, legacy_key, payload, refs, MIN(seq) AS first FROM staged WHERE numbered = 1
      GROUP BY step, legacy_key, payload, refs),
    ranked AS (
      SELECT step, legacy_key, payload, refs,
             row_number() OVER (PARTITION BY step, legacy_key ORDER BY first) AS n FROM firsts)
    UPDATE staged SET
      legacy_key = staged.legacy_key || '#' || ranked.n,
      source = json_set(staged.source, '$.provenance.legacyKey', staged.legacy_key || '#' || ranked.n)
    FROM ranked
    WHERE ranked.n > 1 AND staged.numbered = 1 AND staged.step = ranked.step
      AND staged.legacy_key = ranked.legacy_key AND staged.payload = ranked.payload AND staged.refs = ranked.refs;
  `);
}

interface OldStagedRow {
  seq: number;
  step: StepName;
  legacy_key: string;
  account_key: string;
  payload: string;
  refs: string;
}

/**
 * Moves the journal of a state file written before identity keys onto them, sending nothing: the
 * staged rows of its last load still hold the old content keys next to the payloads they were made
 * from, so each old key's new key is worked out exactly as the mappers and `numberStagedKeys` now
 * make it. A row keyed by a mapping's key column (not `<step>:<account>:…`) keeps its key; a
 * journal entry whose key the staged rows do not hold (removed from the source before that load)
 * keeps its key too, and shows as removed in the source.
 */
export function moveJournalToIdentityKeys(db: StateDb): void {
  const steps = [...identityFields.keys()];
  const rows = db
    .prepare(
      `SELECT seq, step, legacy_key, account_key, payload, refs FROM staged
       WHERE account_key IS NOT NULL AND step IN (${steps.map(() => '?').join(',')}) ORDER BY seq`,
    )
    .all(...steps) as OldStagedRow[];
  // base key → distinct contents in order of first appearance (the numbering's rule).
  const contents = new Map<string, string[]>();
  const moves: Array<{ row: OldStagedRow; key: string }> = [];
  for (const row of rows) {
    if (!row.legacy_key.startsWith(`${row.step}:${row.account_key}:`)) continue;
    const base = identityKeyOf(row);
    const seen = contents.get(base) ?? [];
    contents.set(base, seen);
    const content = `${row.payload}\u0000${row.refs}`;
    let n = seen.indexOf(content);
    if (n < 0) n = seen.push(content) - 1;
    moves.push({ row, key: n === 0 ? base : `${base}#${n + 1}` });
  }
  const moveJournal = db.prepare(
    'UPDATE OR IGNORE journal SET legacy_key = ? WHERE step = ? AND legacy_key = ?',
  );
  const moveStaged = db.prepare(
    `UPDATE staged SET legacy_key = ?, numbered = 1,
       source = json_set(source, '$.provenance.legacyKey', ?) WHERE seq = ?`,
  );
  const moved = new Set<string>();
  for (const { row, key } of moves) {
    moveStaged.run(key, key, row.seq);
    // Two old rows with one content key were one record (a duplicate): its entry moves once.
    const oldKey = `${row.step}\u0000${row.legacy_key}`;
    if (moved.has(oldKey)) continue;
    moved.add(oldKey);
    moveJournal.run(key, row.step, row.legacy_key);
  }
}

/** `<step>:<account>:<identity>` of an old staged row, as `identityKey` makes it from the row. */
function identityKeyOf(row: OldStagedRow): string {
  const field = identityFields.get(row.step);
  if (field === undefined) return `${row.step}:${row.account_key}`;
  const refs = JSON.parse(row.refs) as PendingRef[];
  const ref = refs.find((r) => r.path === field);
  const value = ref ? ref.name : (JSON.parse(row.payload) as Record<string, unknown>)[field];
  return `${row.step}:${row.account_key}:${keyPart(value)}`;
}
