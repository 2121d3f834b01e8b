import { describe, expect, it } from 'vitest';
import { removedInSource } from '../../src/loaders/delta.js';
import { makeState, stagedRecord } from '../reports/load-report-fixture.js';

const meta = (accountKey: string | null) => ({ accountKey, fingerprint: 'f' });

describe('removedInSource', () => {
  it('finds the same removals by anti-join (journal on the connection) as by lookups (journal elsewhere)', () => {
    const { staged, journal } = makeState();
    staged.transaction(() => {
      staged.addRecord(stagedRecord('accounts', 'A1', { name: 'One' }));
      staged.addRecord(stagedRecord('contacts', 'C1', { name: 'Kept' }, { accountKey: 'A1' }));
      staged.addRejection({
        code: 'MAP_INVALID_VALUE',
        message: 'bad email',
        source: stagedRecord('contacts', 'C3', { name: 'Rejected' }, { accountKey: 'A1' }).source,
      });
    });
    journal.transaction(() => {
      journal.markLoaded('accounts', 'A1', { sonarId: '1' }, meta(null));
      journal.markLoaded('accounts', 'A2', { sonarId: '2' }, meta(null));
      journal.markLoaded('contacts', 'C1', { sonarId: '11' }, meta('A1'));
      journal.markLoaded('contacts', 'C2', { sonarId: '12' }, meta('A2'));
      // Rejected by a mapper under its key: still in the source, not a removal.
      journal.markLoaded('contacts', 'C3', { sonarId: '13' }, meta('A1'));
      // Failed, never loaded: nothing in Sonar to report.
      journal.markFailed('contacts', 'C4', { code: 'SONAR_TERMINAL', message: 'no' }, meta('A2'));
      // Many more, past one page of the anti-join (500).
      for (let i = 0; i < 1_200; i += 1)
        journal.markLoaded(
          'contacts',
          `D${String(i).padStart(4, '0')}`,
          { sonarId: String(100 + i) },
          meta('A2'),
        );
    });
    expect(journal.connection).toBe(staged.db);
    const byJoin = (step: 'accounts' | 'contacts') => [...removedInSource(staged, journal, step)];
    const elsewhere = { entries: journal.entries.bind(journal) };
    const byLookups = (step: 'accounts' | 'contacts') => [...removedInSource(staged, elsewhere, step)];

    expect(byJoin('accounts')).toEqual([
      { step: 'accounts', legacyKey: 'A2', accountKey: null, sonarId: '2' },
    ]);
    const contacts = byJoin('contacts');
    expect(contacts.map((r) => r.legacyKey)).toEqual([
      'C2',
      ...Array.from({ length: 1_200 }, (_, i) => `D${String(i).padStart(4, '0')}`),
    ]);
    expect(contacts[0]).toEqual({ step: 'contacts', legacyKey: 'C2', accountKey: 'A2', sonarId: '12' });
    expect(byLookups('accounts')).toEqual(byJoin('accounts'));
    expect(byLookups('contacts')).toEqual(contacts);
  });
});
