import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';

function openJournal(path = join(makeTempDir(), 'state.db')): { journal: Journal; path: string } {
  return { journal: new Journal(openStateDb(path)), path };
}

describe('Journal', () => {
  it('has no entry for a record nothing was sent for', () => {
    const { journal } = openJournal();
    expect(journal.get('accounts', 'A1')).toBeUndefined();
    expect(journal.counts()).toEqual([]);
  });

  it('records in_flight durably so a new connection to the same file sees it', () => {
    const { journal, path } = openJournal();
    journal.markInFlight('accounts', 'A1', { accountKey: 'A1', fingerprint: 'f1' });
    const reopened = new Journal(openStateDb(path));
    const entry = reopened.get('accounts', 'A1');
    expect(entry).toMatchObject({ state: 'in_flight', attempts: 1, fingerprint: 'f1', accountKey: 'A1' });
    expect(reopened.inFlight().map((e) => e.legacyKey)).toEqual(['A1']);
  });

  it('counts an attempt per send and keeps the Sonar id and reference once loaded', () => {
    const { journal } = openJournal();
    journal.markInFlight('contacts', 'C1', { accountKey: 'A1', fingerprint: 'f' });
    journal.markFailed('contacts', 'C1', { code: 'SONAR_TRANSIENT', message: 'POST /contacts: 503' });
    journal.markInFlight('contacts', 'C1', { accountKey: 'A1', fingerprint: 'f' });
    journal.markLoaded('contacts', 'C1', {
      sonarId: '17',
      sonarRef: { accountId: 5, contactId: 17 },
      adopted: true,
    });
    expect(journal.get('contacts', 'C1')).toMatchObject({
      state: 'loaded',
      attempts: 2,
      sonarId: '17',
      sonarRef: { accountId: 5, contactId: 17 },
      adopted: true,
      lastError: null,
      fingerprint: 'f',
    });
  });

  it('keeps the last error of a failed record as code and message', () => {
    const { journal } = openJournal();
    journal.markInFlight('accounts', 'A1', { accountKey: 'A1', fingerprint: 'f' });
    journal.markFailed('accounts', 'A1', { code: 'SONAR_TERMINAL', message: 'POST /accounts: 422 name' });
    expect(journal.get('accounts', 'A1')?.lastError).toEqual({
      code: 'SONAR_TERMINAL',
      message: 'POST /accounts: 422 name',
    });
  });

  it('skips a record never sent, with its reason under JOURNAL_SKIPPED', () => {
    const { journal } = openJournal();
    journal.markSkipped('contacts', 'C9', 'account A1 failed', { accountKey: 'A1', fingerprint: 'f' });
    expect(journal.get('contacts', 'C9')).toMatchObject({
      state: 'skipped',
      attempts: 0,
      accountKey: 'A1',
      lastError: { code: 'JOURNAL_SKIPPED', message: 'account A1 failed' },
    });
  });

  it('marks a loaded record rolled back and lists entries by step and state', () => {
    const { journal } = openJournal();
    journal.markLoaded('accounts', 'A1', { sonarId: '1' }, { accountKey: 'A1', fingerprint: 'a' });
    journal.markLoaded('accounts', 'A2', { sonarId: '2' }, { accountKey: 'A2', fingerprint: 'b' });
    journal.markLoaded('contacts', 'C1', { sonarId: '3' }, { accountKey: 'A1', fingerprint: 'c' });
    journal.markRolledBack('accounts', 'A2');
    expect([...journal.entries('accounts', 'loaded')].map((e) => e.legacyKey)).toEqual(['A1']);
    expect([...journal.entries()].length).toBe(3);
    expect(journal.counts()).toEqual([
      { step: 'accounts', state: 'loaded', count: 1 },
      { step: 'accounts', state: 'rolled_back', count: 1 },
      { step: 'contacts', state: 'loaded', count: 1 },
    ]);
  });

  it('records runs with their start, end and whether they were interrupted', () => {
    const { journal } = openJournal();
    const first = journal.startRun();
    journal.finishRun(first, { interrupted: true });
    const second = journal.startRun('rollback');
    const runs = journal.runs();
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ id: first, command: 'load', interrupted: true });
    expect(runs[0]?.finishedAt).toEqual(expect.any(String));
    expect(runs[1]).toMatchObject({ id: second, command: 'rollback', finishedAt: null });
  });
});
