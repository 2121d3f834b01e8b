import type { Statement } from 'better-sqlite3';
import type { StepName } from '../ground/types.js';
import type { StateDb } from '../store/database.js';

/** A loaded record still without its Sonar id, as `AwaitingIds.match` finds it. */
export interface AwaitingId {
  legacyKey: string;
  /** What the entry's sonar_ref holds under the identity field (the DID number). */
  identity: string;
  adopted: boolean;
}

/**
 * The loaded entries of a step that have no Sonar id yet, by a field of their sonar_ref: the DID
 * inventory's mass add answers no ids, so they are read back from Sonar's listing, a page at a
 * time, and each page is matched here. The entries sit in a temporary table of the state file:
 * at a million accounts, holding them (and the whole listing) in memory made a 250 MB spike at
 * the end of the inventory step.
 */
export class AwaitingIds {
  readonly count: number;
  readonly #db: StateDb;
  readonly #match: Statement;

  constructor(db: StateDb, step: StepName, identityField: string) {
    this.#db = db;
    db.exec('DROP TABLE IF EXISTS temp.awaiting_ids');
    db.exec(
      'CREATE TEMP TABLE awaiting_ids (identity TEXT NOT NULL, legacy_key TEXT NOT NULL, adopted INTEGER NOT NULL)',
    );
    db.prepare(
      `INSERT INTO temp.awaiting_ids
       SELECT CAST(json_extract(sonar_ref, '$.' || @field) AS TEXT), legacy_key, adopted FROM journal
       WHERE step = @step AND state = 'loaded' AND sonar_id IS NULL
         AND json_extract(sonar_ref, '$.' || @field) IS NOT NULL`,
    ).run({ step, field: identityField });
    db.exec('CREATE INDEX temp.awaiting_ids_identity ON awaiting_ids (identity)');
    this.count = (db.prepare('SELECT count(*) FROM temp.awaiting_ids').pluck().get() as number) ?? 0;
    this.#match = db.prepare(
      'SELECT identity, legacy_key, adopted FROM temp.awaiting_ids WHERE identity IN (SELECT value FROM json_each(?))',
    );
  }

  /** The entries whose identity is among `identities` (one listing page). */
  match(identities: readonly string[]): AwaitingId[] {
    if (identities.length === 0) return [];
    const rows = this.#match.all(JSON.stringify(identities)) as Array<{
      identity: string;
      legacy_key: string;
      adopted: number;
    }>;
    return rows.map((r) => ({ legacyKey: r.legacy_key, identity: r.identity, adopted: r.adopted === 1 }));
  }

  /** Drops the table (the ids are read back, or will be looked up by rollback). */
  close(): void {
    this.#db.exec('DROP TABLE IF EXISTS temp.awaiting_ids');
  }
}
