import type { StagedRecords } from '../store/staged-records.js';
import { columnHolding, rejectFindings, whereRow } from './check-findings.js';

// Cross-file checks about accounts themselves: duplicate keys (every step), sub-account lists and
// the cascade of a rejected account to everything that depends on it. All are SQL over the staging
// tables; only the findings (few, paged) come back into JavaScript.

/**
 * The accounts rejected so far, each with the location of its first rejection: an account row the
 * mapper refused (its rejection carries the legacy key) or a staged account a check rejected —
 * unless a valid row with the same key remains (a rejected duplicate leaves the first row valid).
 */
const rejectedAccounts = `
  rejected_accounts AS (
    SELECT r.legacy_key AS key, MIN(r.seq) AS rseq FROM rejections r
    WHERE r.input = 'accounts' AND r.legacy_key IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM staged a
                      WHERE a.step = 'accounts' AND a.legacy_key = r.legacy_key AND a.rejected = 0)
    GROUP BY r.legacy_key
  )`;

/**
 * Rejects every row of a step whose legacy key an earlier row of the same step already has. The
 * keys found twice among all rows come first, from the (step, legacy_key) index alone: only their
 * rows are then read for the rejected flag, instead of every staged row.
 */
export function checkDuplicateKeys(staged: StagedRecords): number {
  return rejectFindings(
    staged,
    'MAP_DUPLICATE_KEY',
    `SELECT s.seq, json_object('first', json(json_extract(f.source, '$.provenance')))
     FROM (SELECT step, legacy_key, MIN(seq) AS first FROM staged
           WHERE rejected = 0 AND (step, legacy_key) IN (
             SELECT step, legacy_key FROM staged GROUP BY step, legacy_key HAVING COUNT(*) > 1)
           GROUP BY step, legacy_key HAVING COUNT(*) > 1) d
     JOIN staged s ON s.step = d.step AND s.legacy_key = d.legacy_key AND s.seq <> d.first AND s.rejected = 0
     JOIN staged f ON f.seq = d.first
     ORDER BY s.seq`,
    (f) => ({
      text: `${describeKey(f.step, f.legacyKey)} appears again — its first row is ${whereRow(
        f.detail.first as object,
      )}; keep one row, or give this one its own key (this row is not migrated)`,
      column: columnHolding(f.source, f.legacyKey),
    }),
  );
}

/**
 * Builds the temporary tables of the sub-account hierarchy: `account_aliases` (what a sub-account
 * list may name an account by: its legacy key, or the explicit Sonar id the sonar-importer layout
 * gives it) and `sub_edges` (parent → listed child). A mapping profile names sub-accounts by legacy
 * key (PendingRefs of lookup `accounts`); the sonar-importer layout lists Sonar ids in the payload.
 * The alias and the payload's list come from columns written when the record was staged
 * (staged-records.ts): reading them out of every account's payload JSON here cost more than the
 * rest of the graph.
 */
export function buildAccountGraph(staged: StagedRecords): void {
  staged.db.exec(`
    DROP TABLE IF EXISTS temp.account_aliases;
    CREATE TEMP TABLE account_aliases AS
      SELECT legacy_key AS alias, legacy_key AS key, seq FROM staged WHERE step = 'accounts' AND rejected = 0
      UNION
      SELECT account_alias, legacy_key, seq FROM staged
      WHERE step = 'accounts' AND rejected = 0 AND account_alias IS NOT NULL;
    CREATE INDEX temp.account_aliases_alias ON account_aliases (alias);
    DROP TABLE IF EXISTS temp.sub_edges;
    CREATE TEMP TABLE sub_edges AS
      SELECT s.seq AS seq, s.legacy_key AS parent, json_extract(r.value, '$.name') AS child_ref
      FROM staged s, json_each(s.refs) r
      WHERE s.step = 'accounts' AND s.rejected = 0 AND json_extract(r.value, '$.lookup') = 'accounts'
      UNION ALL
      SELECT s.seq, s.legacy_key, CAST(p.value AS TEXT)
      FROM staged s, json_each(s.sub_accounts) p
      WHERE s.step = 'accounts' AND s.rejected = 0 AND p.value IS NOT NULL;
    CREATE INDEX temp.sub_edges_parent ON sub_edges (parent);
  `);
}

/** Rejects accounts listing a sub-account that is nowhere in the accounts input. */
export function checkMissingSubAccounts(staged: StagedRecords): number {
  return rejectFindings(
    staged,
    'MAP_SUB_ACCOUNT_MISSING',
    `WITH ${rejectedAccounts}
     SELECT e.seq, json_object('child', e.child_ref) FROM temp.sub_edges e JOIN staged s ON s.seq = e.seq
     WHERE s.rejected = 0
       AND NOT EXISTS (SELECT 1 FROM temp.account_aliases a WHERE a.alias = e.child_ref)
       AND NOT EXISTS (SELECT 1 FROM rejected_accounts ra WHERE ra.key = e.child_ref)
     ORDER BY e.seq`,
    (f) => ({
      text: `sub-account ${String(f.detail.child)} is not in the accounts input — add that account, or remove it from the sub-account list (this account is not migrated)`,
    }),
  );
}

/**
 * Rejects every account that is, through its sub-accounts, its own descendant. A recursive query
 * finds the accounts on a cycle; the path shown in each message is traced in JavaScript over the
 * edges between those accounts only (few).
 */
export function checkSubAccountCycles(staged: StagedRecords): number {
  const db = staged.db;
  db.exec(`
    DROP TABLE IF EXISTS temp.cycle_members;
    CREATE TEMP TABLE cycle_members AS
      WITH RECURSIVE
        e(parent, child) AS (
          SELECT DISTINCT se.parent, a.key FROM temp.sub_edges se JOIN temp.account_aliases a ON a.alias = se.child_ref),
        reach(start, node) AS (
          SELECT parent, child FROM e UNION SELECT r.start, e.child FROM reach r JOIN e ON e.parent = r.node)
      SELECT DISTINCT start AS key FROM reach WHERE start = node;
  `);
  const edges = db
    .prepare(
      `SELECT DISTINCT se.parent, a.key AS child FROM temp.sub_edges se
       JOIN temp.account_aliases a ON a.alias = se.child_ref
       WHERE se.parent IN (SELECT key FROM temp.cycle_members) AND a.key IN (SELECT key FROM temp.cycle_members)`,
    )
    .all() as Array<{ parent: string; child: string }>;
  if (edges.length === 0) return 0;
  const children = new Map<string, string[]>();
  for (const edge of edges) children.set(edge.parent, [...(children.get(edge.parent) ?? []), edge.child]);
  return rejectFindings(
    staged,
    'MAP_SUB_ACCOUNT_CYCLE',
    `SELECT seq, NULL FROM staged
     WHERE step = 'accounts' AND rejected = 0 AND legacy_key IN (SELECT key FROM temp.cycle_members) ORDER BY seq`,
    (f) => ({
      text: `account ${f.legacyKey} is its own sub-account through ${traceCycle(children, f.legacyKey).join(' → ')} — remove one link so the hierarchy is a tree (these accounts are not migrated)`,
    }),
  );
}

/** The shortest path from an account back to itself (breadth first over the cycle's edges). */
function traceCycle(children: Map<string, string[]>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() as string;
    for (const child of children.get(node) ?? []) {
      if (child === start) {
        const between: string[] = [];
        for (let at = node; at !== start; at = previous.get(at) as string) between.push(at);
        return [start, ...between.reverse(), start];
      }
      if (!previous.has(child)) {
        previous.set(child, node);
        queue.push(child);
      }
    }
  }
  return [start, start];
}

/**
 * Rejects what depends on a rejected account: first, repeatedly, the accounts that list it as a
 * sub-account (their parents in turn, at any depth); then every child row (contacts, services, …)
 * of every rejected account, each naming where the account was rejected.
 */
export function cascadeRejectedAccounts(staged: StagedRecords): number {
  let total = 0;
  for (;;) {
    const parents = rejectFindings(
      staged,
      'MAP_PARENT_REJECTED',
      `WITH ${rejectedAccounts}
       SELECT e.seq, json_object('child', ra.key, 'where', json(json_extract(r.source, '$.provenance')))
       FROM temp.sub_edges e JOIN staged s ON s.seq = e.seq
       JOIN rejected_accounts ra
         ON ra.key = COALESCE((SELECT a.key FROM temp.account_aliases a WHERE a.alias = e.child_ref LIMIT 1), e.child_ref)
       JOIN rejections r ON r.seq = ra.rseq
       WHERE s.rejected = 0 ORDER BY e.seq`,
      (f) => ({
        text: `its sub-account ${String(f.detail.child)} was rejected (${whereRow(f.detail.where as object)}): fix that row first, then re-feed both`,
      }),
    );
    total += parents;
    if (parents === 0) break;
  }
  total += rejectFindings(
    staged,
    'MAP_PARENT_REJECTED',
    `WITH ${rejectedAccounts}
     SELECT s.seq, json_object('account', ra.key, 'where', json(json_extract(r.source, '$.provenance')))
     FROM staged s JOIN rejected_accounts ra ON ra.key = s.account_key JOIN rejections r ON r.seq = ra.rseq
     WHERE s.rejected = 0 AND s.step <> 'accounts' ORDER BY s.seq`,
    (f) => ({
      text: `account ${String(f.detail.account)} was rejected (${whereRow(f.detail.where as object)}): fix it first, then re-feed this row too`,
    }),
  );
  return total;
}

/** How a legacy key reads in a message: `account 1042`, or `contacts key "contacts:1042:bob"`. */
export function describeKey(step: string, legacyKey: string): string {
  return step === 'accounts' ? `account ${legacyKey}` : `${step} key "${legacyKey}"`;
}
