// One table of the simulator's in-memory Sonar: records keyed by id, with Sonar-like ascending id
// allocation and secondary indexes. Routes look rows up by index (an account's contacts, the
// holder of a username, a DID by number), never by walking the table: at a million accounts a
// scan per request would make the simulator, not the loader, the bottleneck of every benchmark.

/** A value a row is indexed under. */
export type IndexKey = string | number;

/** The key(s) a row sits under in one index: none (null/undefined), one, or several. */
export type IndexKeysOf<T> = (row: T) => IndexKey | null | undefined | readonly IndexKey[];

interface Index<T> {
  keysOf: IndexKeysOf<T>;
  ids: Map<IndexKey, Set<number>>;
  /** The keys each row was filed under, so a row is unfiled exactly even after an in-place edit. */
  filedUnder: Map<number, readonly IndexKey[]>;
}

function keyList(keys: IndexKey | null | undefined | readonly IndexKey[]): readonly IndexKey[] {
  if (keys === null || keys === undefined) return [];
  return typeof keys === 'object' ? keys : [keys];
}

/**
 * A table of records keyed by id. Indexed fields change only through `update` (or `insert` of a
 * replacement), which re-files the row; other fields may be edited in place.
 */
export class SimTable<T extends { id: number }, I extends string = never> {
  readonly rows = new Map<number, T>();
  private lastId = 0;
  /** Rows sit in the Map in id order (every new id so far was above the last): no sort needed. */
  private inIdOrder = true;
  // Keyed by plain string so a table with more indexes still passes where fewer are asked for.
  private readonly indexes = new Map<string, Index<T>>();

  constructor(indexes?: Record<I, IndexKeysOf<T>>) {
    for (const [name, keysOf] of Object.entries(indexes ?? {}) as [I, IndexKeysOf<T>][]) {
      this.indexes.set(name, { keysOf, ids: new Map(), filedUnder: new Map() });
    }
  }

  /** The next id Sonar would pick (one past the highest ever used, like an auto-increment). */
  nextId(): number {
    return this.lastId + 1;
  }

  /** Stores a record under its own id (replacing any record with that id). */
  insert(row: T): T {
    if (row.id < this.lastId && !this.rows.has(row.id)) this.inIdOrder = false;
    this.unfile(row.id);
    this.rows.set(row.id, row);
    this.file(row);
    this.lastId = Math.max(this.lastId, row.id);
    return row;
  }

  /** Changes fields of a stored row, indexed ones included, and re-files it. */
  update(row: T, changes: Partial<T>): T {
    this.unfile(row.id);
    Object.assign(row, changes);
    if (this.rows.get(row.id) === row) this.file(row);
    return row;
  }

  get(id: number): T | undefined {
    return this.rows.get(id);
  }

  delete(id: number): boolean {
    this.unfile(id);
    return this.rows.delete(id);
  }

  /** Records in id order, optionally filtered (a walk of the whole table: for listings only). */
  list(filter?: (row: T) => boolean): T[] {
    const out: T[] = [];
    for (const row of this.rows.values()) if (!filter || filter(row)) out.push(row);
    return this.inIdOrder ? out : out.sort((a, b) => a.id - b.id);
  }

  /** The records filed under `key` in index `index`, in id order, optionally filtered. */
  where(index: I, key: IndexKey, filter?: (row: T) => boolean): T[] {
    const ids = this.mustIndex(index).ids.get(key);
    if (!ids) return [];
    const out: T[] = [];
    for (const id of ids) {
      const row = this.rows.get(id);
      if (row && (!filter || filter(row))) out.push(row);
    }
    return out.length > 1 ? out.sort((a, b) => a.id - b.id) : out;
  }

  private mustIndex(name: string): Index<T> {
    const index = this.indexes.get(name);
    if (!index) throw new Error(`SimTable has no index named ${name}`);
    return index;
  }

  private file(row: T): void {
    for (const index of this.indexes.values()) {
      const keys = keyList(index.keysOf(row));
      if (keys.length === 0) continue;
      index.filedUnder.set(row.id, keys.slice());
      for (const key of keys) {
        const ids = index.ids.get(key);
        if (ids) ids.add(row.id);
        else index.ids.set(key, new Set([row.id]));
      }
    }
  }

  private unfile(id: number): void {
    for (const index of this.indexes.values()) {
      const keys = index.filedUnder.get(id);
      if (!keys) continue;
      index.filedUnder.delete(id);
      for (const key of keys) {
        const ids = index.ids.get(key);
        ids?.delete(id);
        if (ids?.size === 0) index.ids.delete(key);
      }
    }
  }
}
