import type { StepName } from '../ground/types.js';
import type { JournalEntry } from './journal-entry.js';

/**
 * What a journal remembers while a load runs, so that the questions nearly every record asks —
 * "was I ever journaled?", "is my account loaded?", "did my next bill date ride along?" — are
 * answered from memory rather than by a query each.
 *
 * - Per step, every legacy key that may have an entry: read once, then added to by each write.
 *   Only a superset is needed (a key whose write rolled back costs one query, no wrong answer).
 * - The entries read since their last write. Any write to a key drops its entry, so a read after
 *   it queries the row as written.
 *
 * Sound only while nothing else writes the journal table: `load` holds the state file's lock, and
 * every write of the run goes through its one Journal.
 */
export class JournalMemo {
  private readonly keys = new Map<StepName, Set<string>>();
  private readonly entries = new Map<StepName, Map<string, JournalEntry>>();

  /** `readKeys(step)` lists the legacy keys the journal holds for a step (called once per step). */
  constructor(private readonly readKeys: (step: StepName) => string[]) {}

  /** True when the journal surely has no entry for the key. */
  absent(step: StepName, legacyKey: string): boolean {
    let known = this.keys.get(step);
    if (!known) {
      known = new Set(this.readKeys(step));
      this.keys.set(step, known);
    }
    return !known.has(legacyKey);
  }

  /** The entry as last read, when the key was not written since. */
  entry(step: StepName, legacyKey: string): JournalEntry | undefined {
    return this.entries.get(step)?.get(legacyKey);
  }

  /** Remembers an entry just read. Frozen: every later reader shares the object. */
  keep(entry: JournalEntry): void {
    let byKey = this.entries.get(entry.step);
    if (!byKey) {
      byKey = new Map();
      this.entries.set(entry.step, byKey);
    }
    byKey.set(entry.legacyKey, Object.freeze(entry));
  }

  /** A write to the key is about to happen: it may have an entry now, and the one kept is stale. */
  written(step: StepName, legacyKey: string): void {
    this.keys.get(step)?.add(legacyKey);
    this.entries.get(step)?.delete(legacyKey);
  }
}

/** The memo of the running load, if any: shared by the journal's read and write sides. */
export interface MemoSlot {
  current: JournalMemo | undefined;
}
