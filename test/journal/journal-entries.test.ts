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

  it('counts each step and state as a plain GROUP BY over the table would, loaded ones included', () => {
    const db = openStateDb(join(makeTempDir(), 'state.db'));
    const journal = new Journal(db);
    journal.transaction(() => {
      for (let i = 0; i < 30; i += 1) {
        const meta = { accountKey: null, fingerprint: 'f' };
        journal.markLoaded('accounts', key('A', i), { sonarId: String(i + 1) }, meta);
        if (i < 7) journal.markInFlight('contacts', key('C', i), meta);
        if (i < 4)
          journal.markFailed('services', key('S', i), { code: 'SONAR_TERMINAL', message: '422' }, meta);
        if (i < 9) journal.markLoaded('services', key('T', i), { sonarId: String(i + 1) }, meta);
        if (i < 2)
          journal.markSkipped('addresses', key('D', i), { code: 'JOURNAL_SKIPPED', message: 'x' }, meta);
      }
      for (let i = 0; i < 5; i += 1) journal.markRolledBack('accounts', key('A', i));
    });
    const plain = db
      .prepare('SELECT step, state, count(*) AS count FROM journal GROUP BY step, state ORDER BY step, state')
      .all();
    expect(journal.counts()).toEqual(plain);
    expect(journal.counts()).toEqual([
      { step: 'accounts', state: 'loaded', count: 25 },
      { step: 'accounts', state: 'rolled_back', count: 5 },
      { step: 'addresses', state: 'skipped', count: 2 },
      { step: 'contacts', state: 'in_flight', count: 7 },
      { step: 'services', state: 'failed', count: 4 },
      { step: 'services', state: 'loaded', count: 9 },
    ]);
  });

  it('reads a large set not loaded (a rolled-back journal) of every step, in order, across pages', () => {
    const journal = journalWith([
      { step: 'accounts', prefix: 'A', loaded: 2_100 },
      { step: 'contacts', prefix: 'C', loaded: 1_500 },
    ]);
    journal.transaction(() => {
      for (const entry of [...journal.entries(undefined, 'loaded')])
        journal.markRolledBack(entry.step, entry.legacyKey);
    });
    const rolledBack = [...journal.entries(undefined, 'rolled_back')].map((e) => `${e.step}/${e.legacyKey}`);
    expect(rolledBack).toEqual([
      ...Array.from({ length: 2_100 }, (_, i) => `accounts/${key('A', i)}`),
      ...Array.from({ length: 1_500 }, (_, i) => `contacts/${key('C', i)}`),
    ]);
    expect([...journal.entries('contacts', 'rolled_back')]).toHaveLength(1_500);
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
