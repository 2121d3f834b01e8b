import type { StepName } from '../ground/types.js';
import type { JournalEntry } from './journal-entry.js';

/**
 * Keys per step the memo knows at most; past that, `absent` asks the journal (a query each). Ten
 * steps of 100,000 keys held about 80 MB of a large load's peak; 25,000 hold a quarter of it.
 */
const KEYS_KEPT = 25_000;
/** Entries the memo keeps at most; past that, it starts again empty. */
const ENTRIES_KEPT = 20_000;

/**
 * What a journal remembers while a load runs, so that the questions nearly every record asks —
 * "was I ever journaled?", "is my account loaded?", "did my next bill date ride along?" — are
 * answered from memory rather than by a query each.
 *
 * - Per step, every legacy key that may have an entry: read once, then added to by each write.
 *   Only a superset is needed (a key whose write rolled back costs one query, no wrong answer).
 *   A step with more than KEYS_KEPT keys is not remembered: its reads query the journal.
 * - The entries read since their last write. Any write to a key drops its entry, so a read after
 *   it queries the row as written. At most ENTRIES_KEPT: a cache emptied when full.
 *
 * Both bounds keep a large load's memory flat (issue 16): what the memo saves is a query per
 * read, which costs microseconds; what it would hold for a million accounts is gigabytes.
 *
 * Sound only while nothing else writes the journal table: `load` holds the state file's lock, and
 * every write of the run goes through its one Journal.
 */
export class JournalMemo {
  /** Per step: the keys that may have an entry, or null when there are too many to keep. */
  private readonly keys = new Map<StepName, Set<string> | null>();
  private readonly entries = new Map<StepName, Map<string, JournalEntry>>();
  private entryCount = 0;

  /** `readKeys(step, limit)` lists up to `limit` legacy keys the journal holds for a step (once per step). */
  constructor(private readonly readKeys: (step: StepName, limit: number) => string[]) {}

  /** True when the journal surely has no entry for the key. */
  absent(step: StepName, legacyKey: string): boolean {
    const known = this.keysOf(step);
    return known !== null && !known.has(legacyKey);
  }

  /** The entry as last read, when the key was not written since. */
  entry(step: StepName, legacyKey: string): JournalEntry | undefined {
    return this.entries.get(step)?.get(legacyKey);
  }

  /** Remembers an entry just read. Frozen: every later reader shares the object. */
  keep(entry: JournalEntry): void {
    if (this.entryCount >= ENTRIES_KEPT) {
      this.entries.clear();
      this.entryCount = 0;
    }
    let byKey = this.entries.get(entry.step);
    if (!byKey) {
      byKey = new Map();
      this.entries.set(entry.step, byKey);
    }
    if (!byKey.has(entry.legacyKey)) this.entryCount += 1;
    byKey.set(entry.legacyKey, Object.freeze(entry));
  }

  /** A write to the key is about to happen: it may have an entry now, and the one kept is stale. */
  written(step: StepName, legacyKey: string): void {
    const known = this.keys.get(step);
    if (known) {
      known.add(legacyKey);
      if (known.size > KEYS_KEPT) this.keys.set(step, null);
    }
    if (this.entries.get(step)?.delete(legacyKey)) this.entryCount -= 1;
  }

  /** The keys that may have an entry, read on first use; null once there are too many to keep. */
  private keysOf(step: StepName): Set<string> | null {
    let known = this.keys.get(step);
    if (known === undefined) {
      const keys = this.readKeys(step, KEYS_KEPT + 1);
      known = keys.length > KEYS_KEPT ? null : new Set(keys);
      this.keys.set(step, known);
    }
    return known;
  }
}

/** The memo of the running load, if any: shared by the journal's read and write sides. */
export interface MemoSlot {
  current: JournalMemo | undefined;
}
