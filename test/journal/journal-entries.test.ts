import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { Journal } from '../../src/journal/journal.js';
import { ENTRY_PAGE } from '../../src/journal/journal-reads.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';

const key = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;

/** A journal with `loaded` loaded records of a step (keys prefix00000…) and `failed` failed ones after them. */
function journalWith(counts: Array<{ step: StepName; prefix: string; loaded: number; failed?: number }>) {
  const journal = new Journal(openStateDb(join(makeTempDir(), 'state.db')));
  journal.transaction(() => {
    for (const { step, prefix, loaded, failed = 0 } of counts) {
      for (let i = 0; i < loaded; i += 1)
        journal.markLoaded(
          step,
          key(prefix, i),
          { sonarId: String(i + 1) },
          { accountKey: null, fingerprint: 'f' },
        );
      for (let i = loaded; i < loaded + failed; i += 1)
        journal.markFailed(
          step,
          key(prefix, i),
          { code: 'SONAR_TERMINAL', message: '422' },
          { accountKey: null, fingerprint: 'f' },
        );
    }
  });
  return journal;
}

describe('Journal.entries, read in keyset pages', () => {
  it('reads every entry of a step exactly once, in key order, across pages', () => {
    expect(ENTRY_PAGE).toBe(2_000);
    // A page and one more, exactly one page, and a page and one short of two.
    for (const n of [ENTRY_PAGE + 1, ENTRY_PAGE, 2 * ENTRY_PAGE - 1]) {
      const journal = journalWith([{ step: 'accounts', prefix: 'A', loaded: n, failed: 3 }]);
      const keys = [...journal.entries('accounts', 'loaded')].map((e) => e.legacyKey);
      expect(keys).toHaveLength(n);
      expect(keys).toEqual(Array.from({ length: n }, (_, i) => key('A', i)));
      expect([...journal.entries('accounts', 'failed')].map((e) => e.legacyKey)).toEqual([
        key('A', n),
        key('A', n + 1),
        key('A', n + 2),
      ]);
    }
  });

  it('reads a state of every step in step then key order, pages crossing from one step to the next', () => {
    const journal = journalWith([
      { step: 'accounts', prefix: 'A', loaded: 2_500, failed: 10 },
      { step: 'contacts', prefix: 'C', loaded: 2_100, failed: 1_990 },
    ]);
    const loaded = [...journal.entries(undefined, 'loaded')];
    expect(loaded).toHaveLength(4_600);
    expect(loaded.map((e) => `${e.step}/${e.legacyKey}`)).toEqual([
      ...Array.from({ length: 2_500 }, (_, i) => `accounts/${key('A', i)}`),
      ...Array.from({ length: 2_100 }, (_, i) => `contacts/${key('C', i)}`),
    ]);
    // Failed: 2,000 of them, one page read through the state index.
    const failed = [...journal.entries(undefined, 'failed')];
    expect(failed).toHaveLength(2_000);
    expect(new Set(failed.map((e) => `${e.step}/${e.legacyKey}`)).size).toBe(2_000);
    expect(failed.at(0)?.legacyKey).toBe(key('A', 2_500));
    expect(failed.at(-1)?.legacyKey).toBe(key('C', 4_089));
    expect([...journal.entries()]).toHaveLength(6_600);
  });

  it('lets the caller mark each entry while going through them: none read twice, none missed', () => {
    const journal = journalWith([
      { step: 'accounts', prefix: 'A', loaded: 2_345 },
      { step: 'contacts', prefix: 'C', loaded: 2_222 },
    ]);
    const seen: string[] = [];
    for (const entry of journal.entries(undefined, 'loaded')) {
      // A live SQLite cursor would refuse this write ("This database connection is busy").
      journal.markRolledBack(entry.step, entry.legacyKey);
      seen.push(`${entry.step}/${entry.legacyKey}`);
    }
    expect(seen).toHaveLength(4_567);
    expect(new Set(seen).size).toBe(4_567);
    expect(journal.counts()).toEqual([
      { step: 'accounts', state: 'rolled_back', count: 2_345 },
      { step: 'contacts', state: 'rolled_back', count: 2_222 },
    ]);
    expect([...journal.entries(undefined, 'loaded')]).toEqual([]);
  });

  it('reads a page at a time, not the whole list: a record marked after the first page is read is seen', () => {
    const journal = journalWith([{ step: 'accounts', prefix: 'A', loaded: 2_500 }]);
    const entries = journal.entries('accounts', 'loaded');
    expect(entries.next().value?.legacyKey).toBe(key('A', 0));
    // Beyond the first page: read only when the iteration gets there.
    journal.markLoaded('accounts', 'B-late', { sonarId: '9999' }, { accountKey: null, fingerprint: 'f' });
    // Within the first page, already read: seen as it was.
    journal.markRolledBack('accounts', key('A', 1));
    const rest = [...entries].map((e) => `${e.legacyKey}:${e.state}`);
    expect(rest).toHaveLength(2_500);
    expect(rest[0]).toBe(`${key('A', 1)}:loaded`);
    expect(rest.at(-1)).toBe('B-late:loaded');
  });

  it('stops reading when the caller stops', () => {
    const journal = journalWith([{ step: 'accounts', prefix: 'A', loaded: 2_001 }]);
    let n = 0;
    for (const _ of journal.entries()) if (++n === 3) break;
    expect(n).toBe(3);
    // The connection is free for other statements afterwards.
    expect(journal.inFlight()).toEqual([]);
  });
});
