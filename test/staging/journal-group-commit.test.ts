import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openStateDb } from '../../src/staging/database.js';
import { Journal } from '../../src/staging/journal.js';
import { makeTempDir } from '../helpers/io.js';

function openJournal() {
  const path = join(makeTempDir(), 'state.db');
  const db = openStateDb(path);
  return { journal: new Journal(db), db, path };
}

const meta = (key: string) => ({ accountKey: key, fingerprint: `f-${key}` });

describe('Journal group commit', () => {
  it('commits the in-flight marks asked for in the same tick in one transaction, durable when each promise resolves', async () => {
    const { journal, db, path } = openJournal();
    const transactions = vi.spyOn(db, 'transaction');
    const marks = ['A1', 'A2', 'A3'].map((key) => journal.markInFlightBatched('accounts', key, meta(key)));
    // Nothing is written before the group flushes: a caller must await before sending.
    expect(journal.get('accounts', 'A1')).toBeUndefined();
    await Promise.all(marks);
    expect(transactions).toHaveBeenCalledTimes(1);
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
});
