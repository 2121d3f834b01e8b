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

/** The ids worth looking up: staged accounts with an id of their own, not loaded by the journal yet. */
export function accountIdsToLookUp(
  staged: StagedRecords,
  isLoaded: (legacyKey: string) => boolean,
): Set<number> {
  const rows = staged.db
    .prepare(
      `SELECT legacy_key, json_extract(payload, '$.id') AS id FROM staged
       WHERE step = 'accounts' AND rejected = 0 AND json_type(payload, '$.id') = 'integer'`,
    )
    .iterate() as IterableIterator<{ legacy_key: string; id: number }>;
  const ids = new Set<number>();
  for (const row of rows) if (!isLoaded(row.legacy_key)) ids.add(row.id);
  return ids;
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
  ids: ReadonlySet<number>,
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
