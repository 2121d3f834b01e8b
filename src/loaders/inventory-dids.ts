import type { Statement } from 'better-sqlite3';
import type { StateDb } from '../store/database.js';

/** A DID of Sonar's inventory, as plan and load compare it. */
export interface InventoryDid {
  id: number;
  did: string;
  accountId: number | null;
  serviceId: number | null;
  rateCenterId: number | null;
}

/** Sonar's DID inventory by 10-digit DID: a Map, or the temporary table of StoredInventory. */
export interface InventoryLookup {
  get(did: string): InventoryDid | undefined;
  readonly size: number;
}

/**
 * Sonar's DID inventory as read at start-up, kept in a temporary table of the state file instead of
 * a Map: on the final delta of a cutover Sonar already holds every DID the migration loaded
 * (220,000 at a million accounts), and holding them, with the listing read into an array first,
 * was tens of MB at the start of every plan and load.
 */
export class StoredInventory implements InventoryLookup {
  /** Counted when asked, after the last page: counting after every page walked the table each time. */
  #size: number | undefined;
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #db: StateDb;

  constructor(db: StateDb) {
    this.#db = db;
    db.exec(`DROP TABLE IF EXISTS temp.reference_dids;
      CREATE TEMP TABLE reference_dids (
        did TEXT PRIMARY KEY, id INTEGER NOT NULL, account_id INTEGER, service_id INTEGER, rate_center_id INTEGER
      ) WITHOUT ROWID`);
    this.#insert = db.prepare(
      'INSERT OR REPLACE INTO temp.reference_dids VALUES (@did, @id, @accountId, @serviceId, @rateCenterId)',
    );
    this.#get = db.prepare(
      'SELECT did, id, account_id, service_id, rate_center_id FROM temp.reference_dids WHERE did = ?',
    );
  }

  get size(): number {
    this.#size ??= this.#db.prepare('SELECT count(*) FROM temp.reference_dids').pluck().get() as number;
    return this.#size;
  }

  /** Adds a page of the listing (a DID listed twice keeps its last answer, as a Map would). */
  add(dids: readonly InventoryDid[]): void {
    if (dids.length === 0) return;
    this.#db.transaction(() => {
      for (const did of dids) this.#insert.run(did);
    })();
    this.#size = undefined;
  }

  get(did: string): InventoryDid | undefined {
    const row = this.#get.get(did) as
      | {
          did: string;
          id: number;
          account_id: number | null;
          service_id: number | null;
          rate_center_id: number | null;
        }
      | undefined;
    return row
      ? {
          id: row.id,
          did: row.did,
          accountId: row.account_id,
          serviceId: row.service_id,
          rateCenterId: row.rate_center_id,
        }
      : undefined;
  }
}
