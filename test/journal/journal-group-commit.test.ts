import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../src/journal/group-commit.js';
import { Journal } from '../../src/journal/journal.js';
import { WalSync } from '../../src/journal/wal-sync.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';

function openJournal() {
  const path = join(makeTempDir(), 'state.db');
  const db = openStateDb(path);
  return { journal: new Journal(db), db, path };
}

const meta = (key: string) => ({ accountKey: key, fingerprint: `f-${key}` });

describe('Journal group commit', () => {
  it('commits the in-flight marks asked for in the same tick in one transaction, durable when each promise resolves', async () => {
    const { journal, path } = openJournal();
    const marks = ['A1', 'A2', 'A3'].map((key) => journal.markInFlightBatched('accounts', key, meta(key)));
    // Nothing is written before the group flushes: a caller must await before sending.
    expect(journal.get('accounts', 'A1')).toBeUndefined();
    await Promise.all(marks);
    expect(journal.groupCommits).toBe(1);
    const reopened = new Journal(openStateDb(path));
    expect(reopened.inFlight().map((e) => [e.legacyKey, e.state, e.attempts])).toEqual([
      ['A1', 'in_flight', 1],
      ['A2', 'in_flight', 1],
      ['A3', 'in_flight', 1],
    ]);
  });

  it('lands a batched loaded write with the marks of its group and keeps the Sonar id', async () => {
    const { journal, path } = openJournal();
    await journal.markInFlightBatched('contacts', 'C1', meta('A1'));
    await Promise.all([
      journal.commitBatched(() =>
        journal.markLoaded('contacts', 'C1', { sonarId: '17', sonarRef: { accountId: 5, contactId: 17 } }),
      ),
      journal.markInFlightBatched('contacts', 'C2', meta('A1')),
    ]);
    const reopened = new Journal(openStateDb(path));
    expect(reopened.get('contacts', 'C1')).toMatchObject({ state: 'loaded', attempts: 1, sonarId: '17' });
    expect(reopened.get('contacts', 'C2')).toMatchObject({ state: 'in_flight', attempts: 1 });
  });

  it('rejects only the caller whose write failed and commits the rest of its group', async () => {
    const { journal } = openJournal();
    const broken = journal.commitBatched(() => {
      throw new Error('constraint failed');
    });
    const fine = journal.markInFlightBatched('accounts', 'A1', meta('A1'));
    await expect(broken).rejects.toThrow('constraint failed');
    await expect(fine).resolves.toBeUndefined();
    expect(journal.get('accounts', 'A1')).toMatchObject({ state: 'in_flight' });
  });
  it('shows a batched loaded write to reads at once and makes it durable with the next in-flight mark', async () => {
    const { journal, path } = openJournal();
    await journal.markInFlightBatched('accounts', 'A1', meta('A1'));
    const loaded = journal.commitBatched(() =>
      journal.markLoaded('accounts', 'A1', { sonarId: '7', sonarRef: { accountId: 7 } }),
    );
    // The account's next record reads the id on this connection before anything is committed…
    expect(journal.get('accounts', 'A1')).toMatchObject({ state: 'loaded', sonarId: '7' });
    // …while another reader still sees only what is on disk: the in-flight mark.
    expect(new Journal(openStateDb(path)).get('accounts', 'A1')).toMatchObject({ state: 'in_flight' });
    // The next record's in-flight mark commits in the same transaction as the loaded mark.
    await journal.markInFlightBatched('contacts', 'C1', meta('A1'));
    const reopened = new Journal(openStateDb(path));
    expect(reopened.get('accounts', 'A1')).toMatchObject({ state: 'loaded', sonarId: '7' });
    expect(reopened.get('contacts', 'C1')).toMatchObject({ state: 'in_flight' });
    await expect(loaded).resolves.toBeUndefined();
  });

  it('commits the open group before a write outside it, so that write is durable on its own', async () => {
    const { journal, path } = openJournal();
    await journal.markInFlightBatched('contacts', 'C1', meta('A1'));
    const loaded = journal.commitBatched(() => journal.markLoaded('contacts', 'C1', { sonarId: '3' }));
    journal.markFailed('contacts', 'C2', { code: 'SONAR_TERMINAL', message: 'refused' }, meta('A1'));
    const reopened = new Journal(openStateDb(path));
    expect(reopened.get('contacts', 'C1')).toMatchObject({ state: 'loaded', sonarId: '3' });
    expect(reopened.get('contacts', 'C2')).toMatchObject({
      state: 'failed',
      lastError: { code: 'SONAR_TERMINAL' },
    });
    await expect(loaded).resolves.toBeUndefined();
  });

  it('undoes a batched write that throws halfway and keeps the writes before it in the group', async () => {
    const { journal, path } = openJournal();
    await journal.markInFlightBatched('contacts', 'C1', meta('A1'));
    const first = journal.commitBatched(() => journal.markLoaded('contacts', 'C1', { sonarId: '3' }));
    const broken = journal.commitBatched(() => {
      journal.markLoaded('contacts', 'C2', { sonarId: '4' });
      throw new Error('constraint failed');
    });
    await expect(broken).rejects.toThrow('constraint failed');
    await expect(first).resolves.toBeUndefined();
    const reopened = new Journal(openStateDb(path));
    expect(reopened.get('contacts', 'C1')).toMatchObject({ state: 'loaded', sonarId: '3' });
    expect(reopened.get('contacts', 'C2')).toBeUndefined();
  });

  it('runs an atomic loaded mark without a savepoint: SQLite undoes the one failing statement alone', async () => {
    const { journal, db, path } = openJournal();
    await Promise.all(
      ['C1', 'C2', 'C3'].map((key) => journal.markInFlightBatched('contacts', key, meta('A1'))),
    );
    // The mark of C2 fails inside SQLite, in the UPDATE or in the upsert after it.
    db.exec(`
      CREATE TEMP TRIGGER refuse_update BEFORE UPDATE ON journal WHEN NEW.legacy_key = 'C2'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
      CREATE TEMP TRIGGER refuse_insert BEFORE INSERT ON journal WHEN NEW.legacy_key = 'C2'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
    `);
    const first = journal.commitBatched(() => journal.markLoaded('contacts', 'C1', { sonarId: '3' }), true);
    const broken = journal.commitBatched(() => journal.markLoaded('contacts', 'C2', { sonarId: '4' }), true);
    const last = journal.commitBatched(() => journal.markLoaded('contacts', 'C3', { sonarId: '5' }), true);
    await expect(broken).rejects.toThrow('refused by the test');
    await expect(Promise.all([first, last])).resolves.toEqual([undefined, undefined]);
    const reopened = new Journal(openStateDb(path));
    expect(['C1', 'C2', 'C3'].map((key) => [key, reopened.get('contacts', key)?.state])).toEqual([
      ['C1', 'loaded'],
      ['C2', 'in_flight'],
      ['C3', 'loaded'],
    ]);
  });

  it('runs in-flight marks queued into a group a loaded mark opened each on its own: one refused fails alone', async () => {
    const { journal, db, path } = openJournal();
    await journal.markInFlightBatched('contacts', 'C0', meta('A1'));
    db.exec(`
      CREATE TEMP TRIGGER refuse_insert BEFORE INSERT ON journal WHEN NEW.legacy_key = 'C2'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
    `);
    // The loaded mark opens the group transaction (BEGIN); the marks queued after it join it.
    const loaded = journal.commitBatched(() => journal.markLoaded('contacts', 'C0', { sonarId: '3' }), true);
    const marks = ['C1', 'C2', 'C3'].map((key) => journal.markInFlightBatched('contacts', key, meta('A1')));
    await expect(marks[1]).rejects.toThrow('refused by the test');
    await expect(Promise.all([loaded, marks[0], marks[2]])).resolves.toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const reopened = new Journal(openStateDb(path));
    expect(['C0', 'C1', 'C2', 'C3'].map((key) => [key, reopened.get('contacts', key)?.state])).toEqual([
      ['C0', 'loaded'],
      ['C1', 'in_flight'],
      ['C2', undefined],
      ['C3', 'in_flight'],
    ]);
  });

  describe('with syncs deferred (a load)', () => {
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it('commits with synchronous=NORMAL, resolves each mark after a WAL sync, and restores FULL', async () => {
      const { journal, db, path } = openJournal();
      const syncs = vi.spyOn(WalSync.prototype, 'sync');
      const deferred = journal.deferSyncs();
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      await Promise.all(['A1', 'A2'].map((key) => journal.markInFlightBatched('accounts', key, meta(key))));
      // One group, one sync covering it, and the marks are there for a fresh reader.
      expect(syncs).toHaveBeenCalledTimes(1);
      expect(new Journal(openStateDb(path)).inFlight().map((e) => e.legacyKey)).toEqual(['A1', 'A2']);
      await deferred.restore();
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    });

    it('syncs a write outside the group before it returns', () => {
      const { journal } = openJournal();
      const syncNow = vi.spyOn(WalSync.prototype, 'syncNow');
      const deferred = journal.deferSyncs();
      journal.markFailed('contacts', 'C2', { code: 'SONAR_TERMINAL', message: 'refused' }, meta('A1'));
      expect(syncNow).toHaveBeenCalledTimes(1);
      // Inside a transaction the sync waits for its commit: one sync for the whole transaction.
      journal.transaction(() => {
        journal.markSkipped('contacts', 'C3', 'account A1 is failed', meta('A1'));
        journal.markSkipped('contacts', 'C4', 'account A1 is failed', meta('A1'));
      });
      expect(syncNow).toHaveBeenCalledTimes(2);
      return deferred.restore();
    });

    it('does nothing on a file that is not in WAL mode', async () => {
      const db = openStateDb(':memory:');
      const deferred = new Journal(db).deferSyncs();
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      await deferred.restore();
    });
  });

  describe('commit spacing', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('flushes at once when idle, and within the spacing of the last commit only once the spacing is up', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const { db } = openJournal();
      db.exec('CREATE TABLE marks (key TEXT)');
      const group = new GroupCommit(db, { minSpacingMs: 50 });
      const insert = (key: string) => () => void db.prepare('INSERT INTO marks VALUES (?)').run(key);
      const committed = () => db.prepare('SELECT count(*) AS n FROM marks').get() as { n: number };
      // Idle: no timer involved, the group commits on the next turn.
      await group.commit(insert('A'));
      expect(committed().n).toBe(1);
      // Asked in two turns right after a commit: both wait for the spacing and share one commit.
      const b = group.commit(insert('B'));
      await new Promise((resolve) => setImmediate(resolve));
      const c = group.commit(insert('C'));
      await new Promise((resolve) => setImmediate(resolve));
      expect(committed().n).toBe(1);
      await vi.advanceTimersByTimeAsync(50);
      await Promise.all([b, c]);
      expect(committed().n).toBe(3);
      expect(group.commits).toBe(2);
    });
  });
});
