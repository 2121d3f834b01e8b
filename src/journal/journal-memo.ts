import { stepKey } from '../ground/step-key.js';
import type { StepName } from '../ground/types.js';
import { HashFilter } from '../sonar/hash-filter.js';
import type { JournalEntry } from './journal-entry.js';

/**
 * Keys per step the memo keeps as a set at most; past that, the step's keys go into the memo's
 * Bloom filter. Ten steps of 100,000 keys held about 80 MB of a large load's peak.
 */
const KEYS_KEPT = 25_000;
/**
 * The filter of the large steps' keys: 2^25 bits, 4 MB, allocated when a first step outgrows its
 * set. Two bits a key: at a million accounts (6.3 million keys) about 1 absent key in 10 is a false
 * "maybe" (a query, never a wrong answer); at 100,000 accounts, about 1 in 700.
 */
const FILTER_BITS = 2 ** 25;
/** Entries the memo keeps at most; past that, it starts again empty. */
const ENTRIES_KEPT = 20_000;

/** A step whose keys are in the memo's filter. */
const FILTERED = 'filtered';

/** How the memo reads the journal's keys: the first `limit` of a step, and all of them. */
export interface JournalKeyReader {
  some(step: StepName, limit: number): string[];
  all(step: StepName): Iterable<string>;
}

/**
 * What a journal remembers while a load runs, so that the questions nearly every record asks —
 * "was I ever journaled?", "is my account loaded?", "did my next bill date ride along?" — are
 * answered from memory rather than by a query each.
 *
 * - Per step, every legacy key that may have an entry: read once, then added to by each write.
 *   Only a superset is needed (a key whose write rolled back costs one query, no wrong answer).
 *   A step with more than KEYS_KEPT keys keeps them in a Bloom filter shared by the large steps
 *   instead: "surely absent" is still answered from memory, "maybe" by a query.
 * - The entries read since their last write. Any write to a key drops its entry, so a read after
 *   it queries the row as written. At most ENTRIES_KEPT: a cache emptied when full.
 *
 * The bounds keep a large load's memory flat (issue 16): what the memo saves is a query per
 * read, which costs microseconds; what it would hold for a million accounts is gigabytes.
 *
 * Sound only while nothing else writes the journal table: `load` holds the state file's lock, and
 * every write of the run goes through its one Journal.
 */
export class JournalMemo {
  /** Per step: the keys that may have an entry, or FILTERED when the filter holds them. */
  private readonly keys = new Map<StepName, Set<string> | typeof FILTERED>();
  private readonly filter = new HashFilter(FILTER_BITS);
  private readonly entries = new Map<StepName, Map<string, JournalEntry>>();
  private entryCount = 0;

  constructor(private readonly readKeys: JournalKeyReader) {}

  /** True when the journal surely has no entry for the key. */
  absent(step: StepName, legacyKey: string): boolean {
    const known = this.keysOf(step);
    return known === FILTERED ? !this.filter.mayHave(stepKey(step, legacyKey)) : !known.has(legacyKey);
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
    if (known === FILTERED) this.filter.add(stepKey(step, legacyKey));
    else if (known) {
      known.add(legacyKey);
      if (known.size > KEYS_KEPT) this.toFilter(step, known);
    }
    if (this.entries.get(step)?.delete(legacyKey)) this.entryCount -= 1;
  }

  /** The keys that may have an entry, read on first use; FILTERED once there are too many to keep. */
  private keysOf(step: StepName): Set<string> | typeof FILTERED {
    let known = this.keys.get(step);
    if (known === undefined) {
      const keys = this.readKeys.some(step, KEYS_KEPT + 1);
      if (keys.length > KEYS_KEPT) {
        this.toFilter(step, this.readKeys.all(step));
        return FILTERED;
      }
      known = new Set(keys);
      this.keys.set(step, known);
    }
    return known;
  }

  /** Moves a step's keys into the filter: from then on, the step's writes add to it. */
  private toFilter(step: StepName, keys: Iterable<string>): void {
    for (const key of keys) this.filter.add(stepKey(step, key));
    this.keys.set(step, FILTERED);
  }
}

/** The memo of the running load, if any: shared by the journal's read and write sides. */
export interface MemoSlot {
  current: JournalMemo | undefined;
}
