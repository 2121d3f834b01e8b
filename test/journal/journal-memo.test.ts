import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import { Journal } from '../../src/journal/journal.js';
import { JournalMemo } from '../../src/journal/journal-memo.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';

function openJournal(): { journal: Journal; db: ReturnType<typeof openStateDb> } {
  const db = openStateDb(join(makeTempDir(), 'state.db'));
  return { journal: new Journal(db), db };
}

type Op = (j: Journal) => void;

// Every kind of write, in the orders a load, a retry, a rollback and an adoption make them.
const ops: Op[] = [
  (j) => j.markInFlight('accounts', 'A1', { accountKey: 'A1', fingerprint: 'fa1' }),
  (j) =>
    j.markLoaded(
      'accounts',
      'A1',
      { sonarId: '5', sonarRef: { accountId: 5 } },
      { accountKey: 'A1', fingerprint: 'fa1' },
    ),
  (j) => j.markInFlight('contacts', 'C1', { accountKey: 'A1', fingerprint: 'fc1' }),
  (j) => j.markFailed('contacts', 'C1', { code: 'SONAR_TRANSIENT', message: 'POST /contacts: 503' }),
  (j) => j.markInFlight('contacts', 'C1', { accountKey: 'A1', fingerprint: 'fc1b' }),
  // Loaded with another account than its in-flight row: the upsert keeps the new account key.
  (j) =>
    j.markLoaded(
      'contacts',
      'C1',
      { sonarId: '17', sonarRef: { accountId: 5, contactId: 17 } },
      { accountKey: 'A2', fingerprint: '' },
    ),
  // Loaded without meta: account and fingerprint of the in-flight row stay.
  (j) => j.markInFlight('contacts', 'C2', { accountKey: 'A1', fingerprint: 'fc2' }),
  (j) => j.markLoaded('contacts', 'C2', { sonarId: '18', sonarRef: null }),
  // Adopted: never in flight, loaded straight away.
  (j) =>
    j.markLoaded(
      'services',
      'S1',
      { sonarId: '40', adopted: true },
      { accountKey: 'A1', fingerprint: 'fs1' },
    ),
  (j) => j.markSkipped('services', 'S2', 'account A3 failed', { accountKey: 'A3', fingerprint: 'fs2' }),
  (j) => j.markRolledBack('contacts', 'C2'),
  (j) => j.markInFlight('contacts', 'C2', { accountKey: 'A1', fingerprint: 'fc2' }),
];
const probes: Array<[StepName, string]> = [
  ['accounts', 'A1'],
  ['accounts', 'A9'],
  ['contacts', 'C1'],
  ['contacts', 'C2'],
  ['contacts', 'C3'],
  ['services', 'S1'],
  ['services', 'S2'],
];

/** What `get` answers for every probe, without the time each write was made. */
function answers(journal: Journal) {
  return probes.map(([step, key]) => {
    const entry = journal.get(step, key);
    if (!entry) return undefined;
    const { updatedAt: _updatedAt, ...rest } = entry;
    return rest;
  });
}

describe('Journal.remember', () => {
  it('answers every read exactly as the state file does, after every kind of write', () => {
    const plain = openJournal().journal;
    const remembering = openJournal().journal;
    // A key written before the run starts is found too.
    for (const j of [plain, remembering])
      j.markFailed('services', 'S0', { code: 'SONAR_TERMINAL', message: 'x' });
    remembering.remember();
    expect(answers(remembering)).toEqual(answers(plain));
    for (const op of ops) {
      op(plain);
      op(remembering);
      expect(answers(remembering)).toEqual(answers(plain));
    }
    expect(remembering.get('contacts', 'C1')).toMatchObject({
      state: 'loaded',
      accountKey: 'A2',
      fingerprint: 'fc1b',
      attempts: 2,
    });
    expect(remembering.get('contacts', 'C2')).toMatchObject({
      state: 'in_flight',
      accountKey: 'A1',
      sonarId: '18',
    });
    expect(remembering.get('services', 'S1')).toMatchObject({ state: 'loaded', adopted: true, attempts: 0 });
  });

  it('answers from memory while remembering, and from the state file once it forgets', () => {
    const { journal, db } = openJournal();
    const memo = journal.remember();
    expect(journal.get('accounts', 'A1')).toBeUndefined();
    journal.markInFlight('accounts', 'A2', { accountKey: 'A2', fingerprint: 'f' });
    expect(journal.get('accounts', 'A2')?.state).toBe('in_flight');
    // Written behind the journal's back (what the state file's lock rules out during a load):
    // the remembered answers do not see it…
    db.prepare(
      "INSERT INTO journal (step, legacy_key, state, updated_at) VALUES ('accounts', 'A1', 'loaded', 'now')",
    ).run();
    db.prepare("UPDATE journal SET state = 'failed' WHERE legacy_key = 'A2'").run();
    expect(journal.get('accounts', 'A1')).toBeUndefined();
    expect(journal.get('accounts', 'A2')?.state).toBe('in_flight');
    // …and the state file's do, once the run is over.
    memo.forget();
    expect(journal.get('accounts', 'A1')?.state).toBe('loaded');
    expect(journal.get('accounts', 'A2')?.state).toBe('failed');
  });

  it('hands out remembered entries frozen, so no reader can change what the next one reads', () => {
    const { journal } = openJournal();
    journal.remember();
    journal.markLoaded('accounts', 'A1', { sonarId: '5' }, { accountKey: 'A1', fingerprint: 'f' });
    const entry = journal.get('accounts', 'A1');
    expect(Object.isFrozen(entry)).toBe(true);
    expect(journal.get('accounts', 'A1')).toBe(entry);
  });

  it('answers exactly for a step of more keys than it keeps as a set, read and written', () => {
    const { journal } = openJournal();
    const key = (i: number) => `A${String(i).padStart(6, '0')}`;
    journal.transaction(() => {
      for (let i = 0; i < 26_000; i += 2)
        journal.markFailed('accounts', key(i), { code: 'SONAR_TERMINAL', message: 'x' });
    });
    journal.remember();
    // 13,000 keys read, then written past the set's 25,000 while the load runs.
    journal.transaction(() => {
      for (let i = 26_000; i < 52_000; i += 2)
        journal.markInFlight('accounts', key(i), { accountKey: key(i), fingerprint: 'f' });
    });
    for (let i = 0; i < 52_000; i += 1) {
      const entry = journal.get('accounts', key(i));
      if (entry?.state !== (i % 2 === 1 ? undefined : i < 26_000 ? 'failed' : 'in_flight'))
        throw new Error(`${key(i)}: ${entry?.state}`);
    }
  });
});

describe('JournalMemo', () => {
  /** A memo over a journal holding `held` keys of accounts, counting the reads of every key. */
  function memoOver(held: string[]) {
    const reads = { some: 0, all: 0 };
    const memo = new JournalMemo({
      some: (step, limit) => {
        reads.some += 1;
        return step === 'accounts' ? held.slice(0, limit) : [];
      },
      all: (step) => {
        reads.all += 1;
        return step === 'accounts' ? held : [];
      },
    });
    return { memo, reads };
  }
  const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

  it('keeps a large step in its filter: every key held or written is "maybe", the others surely absent', () => {
    const held = keys('A', 40_000);
    const { memo, reads } = memoOver(held);
    for (const k of held) expect(memo.absent('accounts', k)).toBe(false);
    expect(reads).toEqual({ some: 1, all: 1 });
    for (const k of keys('B', 1_000)) memo.written('accounts', k);
    for (const k of keys('B', 1_000)) expect(memo.absent('accounts', k)).toBe(false);
    // Never held, never written: the filter says so without a query (no false "maybe" among these).
    expect(keys('Z', 5_000).filter((k) => !memo.absent('accounts', k))).toEqual([]);
    // The filter holds keys with their step: another step's keys are not taken for these.
    expect(memo.absent('contacts', 'A1')).toBe(true);
    expect(reads).toEqual({ some: 2, all: 1 });
  });

  it('moves a step to the filter when its writes outgrow the set, keeping every key written', () => {
    const { memo, reads } = memoOver([]);
    expect(memo.absent('accounts', 'A0')).toBe(true);
    for (const k of keys('A', 30_000)) memo.written('accounts', k);
    for (const k of keys('A', 30_000)) expect(memo.absent('accounts', k)).toBe(false);
    expect(keys('Z', 5_000).filter((k) => !memo.absent('accounts', k))).toEqual([]);
    // The set was complete (read once, then every write): nothing is read again.
    expect(reads).toEqual({ some: 1, all: 0 });
  });
});
