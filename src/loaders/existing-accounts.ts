import { z } from 'zod';
import type { SonarClient } from '../sonar/client.js';
import { getOrNull } from '../sonar/get-or-null.js';
import type { StagedRecords } from '../store/staged-records.js';

// Plan and load read the accounts already in Sonar for one reason: a staged account that carries
// an `id` of its own is adopted when Sonar has that id under the same name, and is a conflict
// under another name (plan.ts decideAccount, accounts.ts known). Reading all of them costs a GET
// per 100 accounts and a map entry per account: at a million accounts already in Sonar (the final
// delta load of a cutover) that is 10,000 requests before the first write, and about 130 MB.

/** An account already in Sonar: what the adopt-or-conflict decision compares. */
export interface ExistingAccount {
  id: number;
  name: string;
}

/** Account ids to look up: a Set, or the staged ids in a temporary table (accountIdsToLookUp). */
export interface AccountIds {
  readonly size: number;
  has(id: number): boolean;
  [Symbol.iterator](): Iterator<number>;
}

/** Ids per page when the temporary table is read or pruned. */
const ID_PAGE = 2_000;

/**
 * The ids worth looking up: staged accounts with an id of their own, not loaded by the journal yet.
 * Kept in a temporary table of the state file, not in memory: at a million accounts a Set of them
 * was about 60 MB of heap at the start of every plan and load.
 */
export function accountIdsToLookUp(
  staged: StagedRecords,
  isLoaded: (legacyKey: string) => boolean,
): AccountIds {
  const db = staged.db;
  db.exec(
    'DROP TABLE IF EXISTS temp.account_ids_to_look_up; CREATE TEMP TABLE account_ids_to_look_up (id INTEGER PRIMARY KEY, legacy_key TEXT NOT NULL)',
  );
  db.prepare(
    `INSERT OR IGNORE INTO temp.account_ids_to_look_up
     SELECT json_extract(payload, '$.id'), legacy_key FROM staged
     WHERE step = 'accounts' AND rejected = 0 AND json_type(payload, '$.id') = 'integer' ORDER BY seq`,
  ).run();
  // The journal may sit in another file (plan stages into its own): pruned a page at a time.
  const remove = db.prepare('DELETE FROM temp.account_ids_to_look_up WHERE id = ?');
  for (const rows of idPages(db)) {
    const loaded = rows.filter((r) => isLoaded(r.legacy_key));
    if (loaded.length > 0)
      db.transaction(() => {
        for (const r of loaded) remove.run(r.id);
      })();
  }
  const size = db.prepare('SELECT count(*) FROM temp.account_ids_to_look_up').pluck().get() as number;
  const has = db.prepare('SELECT 1 FROM temp.account_ids_to_look_up WHERE id = ?').pluck();
  return {
    size,
    has: (id) => Number.isInteger(id) && has.get(id) !== undefined,
    *[Symbol.iterator]() {
      for (const rows of idPages(db)) for (const r of rows) yield r.id;
    },
  };
}

/** The temporary table's ids in order, a page at a time (a caller may delete between pages). */
function* idPages(db: StagedRecords['db']): Generator<Array<{ id: number; legacy_key: string }>> {
  const page = db.prepare(
    'SELECT id, legacy_key FROM temp.account_ids_to_look_up WHERE id > ? ORDER BY id LIMIT ?',
  );
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(after, ID_PAGE) as Array<{ id: number; legacy_key: string }>;
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (!last || rows.length < ID_PAGE) return;
    after = last.id;
  }
}

const accountSchema = z.looseObject({ id: z.number().int(), name: z.string() });

/** Requests at once when looking accounts up one by one. */
const LOOKUPS_AT_ONCE = 8;

/**
 * The accounts of `ids` that Sonar has, by id: one GET per id when that is fewer requests than
 * the list's pages (Doc "Accounts - Get account", 404 when absent), otherwise the list ("Get all
 * accounts", line 16489), keeping only those ids. Nothing is read for no ids.
 */
export async function existingAccountsAmong(
  client: SonarClient,
  ids: AccountIds,
  signal?: AbortSignal,
): Promise<Map<number, ExistingAccount>> {
  const found = new Map<number, ExistingAccount>();
  if (ids.size === 0) return found;
  const options = signal ? { signal } : {};
  const first = await client.page('/accounts', accountSchema, 1, options);
  const keep = (a: { id: number; name: string }) => {
    if (ids.has(a.id)) found.set(a.id, { id: a.id, name: a.name });
  };
  const pages = first.paging?.totalPages;
  if (pages !== undefined && pages > 1 && ids.size < pages - 1) {
    for (const a of first.items) keep(a);
    const rest = [...ids].filter((id) => !found.has(id));
    for (let i = 0; i < rest.length; i += LOOKUPS_AT_ONCE) {
      const answers = await Promise.all(
        rest
          .slice(i, i + LOOKUPS_AT_ONCE)
          .map((id) => getOrNull(() => client.get(`/accounts/${id}`, accountSchema, options))),
      );
      for (const a of answers) if (a) keep(a);
    }
    return found;
  }
  if (pages === undefined || pages > 1) {
    for await (const a of client.paginate('/accounts', accountSchema, options)) keep(a);
  } else for (const a of first.items) keep(a);
  return found;
}
