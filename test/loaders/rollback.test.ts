import { describe, expect, it } from 'vitest';
import type { StepName } from '../../src/ground/types.js';
import type { JournalEntry } from '../../src/journal/journal.js';
import { type RemovableStep, rollbackJournal } from '../../src/loaders/rollback.js';
import { SonarApiError } from '../../src/sonar/errors.js';
import { makeState, stagedRecord } from '../reports/load-report-fixture.js';

const meta = (accountKey: string | null) => ({ accountKey, fingerprint: 'f' });

/** A fake Sonar: the set of record ids that exist, and the deletes it received, in order. */
class FakeSonar {
  readonly existing = new Set<string>();
  readonly deletes: string[] = [];
  failNext = new Map<string, Error>();
}

function fakeStep(name: StepName): RemovableStep<FakeSonar> {
  return {
    name,
    async remove(sonar: FakeSonar, entry: JournalEntry) {
      const id = `${name}/${entry.sonarId}`;
      const failure = sonar.failNext.get(id);
      if (failure) {
        sonar.failNext.delete(id);
        throw failure;
      }
      if (!sonar.existing.delete(id)) {
        throw new SonarApiError({
          code: 'SONAR_TERMINAL',
          kind: 'terminal',
          method: 'DELETE',
          endpoint: id,
          status: 404,
          message: 'gone',
        });
      }
      sonar.deletes.push(id);
    },
  };
}

const steps = (['accounts', 'contacts', 'services', 'dids'] as const).map(fakeStep);

function loadedState() {
  const s = makeState();
  const sonar = new FakeSonar();
  const load = (step: StepName, key: string, id: string, adopted = false) => {
    s.journal.markLoaded(step, key, { sonarId: id, adopted }, meta(key));
    sonar.existing.add(`${step}/${id}`);
  };
  load('accounts', 'a1', '1');
  load('accounts', 'a2', '2', true);
  load('contacts', 'c1', '10');
  load('contacts', 'c2', '11', true);
  load('dids', 'd1', '100');
  return { ...s, sonar };
}

describe('rollbackJournal', () => {
  it('deletes what the journal created in reverse step order and marks it rolled back', async () => {
    const s = loadedState();
    const result = await rollbackJournal(s.sonar, s.journal, steps);
    expect(s.sonar.deletes).toEqual(['dids/100', 'contacts/10', 'accounts/1']);
    expect(s.journal.get('accounts', 'a1')?.state).toBe('rolled_back');
    expect(s.journal.get('dids', 'd1')?.state).toBe('rolled_back');
    expect(result.failures).toEqual([]);
    expect(result.steps.map((r) => [r.step, r.removed])).toEqual([
      ['accounts', 1],
      ['contacts', 1],
      ['services', 0],
      ['dids', 1],
    ]);
  });

  it('never deletes records the journal adopted', async () => {
    const s = loadedState();
    const result = await rollbackJournal(s.sonar, s.journal, steps);
    expect(s.sonar.existing).toEqual(new Set(['accounts/2', 'contacts/11']));
    expect(s.journal.get('accounts', 'a2')?.state).toBe('loaded');
    expect(result.steps.find((r) => r.step === 'contacts')?.keptAdopted).toBe(1);
  });

  it('treats a 404 on delete as already gone', async () => {
    const s = loadedState();
    s.sonar.existing.delete('contacts/10');
    const result = await rollbackJournal(s.sonar, s.journal, steps);
    expect(result.steps.find((r) => r.step === 'contacts')).toMatchObject({ removed: 0, alreadyGone: 1 });
    expect(s.journal.get('contacts', 'c1')?.state).toBe('rolled_back');
  });

  it('keeps a record whose delete failed loaded, and a second run finishes the job without repeating deletes', async () => {
    const s = loadedState();
    s.sonar.failNext.set(
      'contacts/10',
      new SonarApiError({
        code: 'SONAR_TRANSIENT',
        kind: 'transient',
        method: 'DELETE',
        endpoint: '/x',
        status: 503,
        message: 'busy',
      }),
    );
    const first = await rollbackJournal(s.sonar, s.journal, steps);
    expect(first.failures).toEqual([
      { step: 'contacts', legacyKey: 'c1', code: 'SONAR_TRANSIENT', message: 'busy' },
    ]);
    expect(s.journal.get('contacts', 'c1')?.state).toBe('loaded');
    const second = await rollbackJournal(s.sonar, s.journal, steps);
    expect(second.failures).toEqual([]);
    expect(s.sonar.deletes).toEqual(['dids/100', 'accounts/1', 'contacts/10']);
    const third = await rollbackJournal(s.sonar, s.journal, steps);
    expect(third.steps.every((r) => r.removed === 0 && r.alreadyGone === 0)).toBe(true);
  });

  it('counts in-flight records as unsettled and deletes nothing for them', async () => {
    const s = loadedState();
    s.journal.markInFlight('contacts', 'c3', meta('a1'));
    const result = await rollbackJournal(s.sonar, s.journal, steps);
    expect(result.steps.find((r) => r.step === 'contacts')?.unsettled).toBe(1);
    expect(s.journal.get('contacts', 'c3')?.state).toBe('in_flight');
  });

  it('stops taking new deletes once the signal is aborted and reports it interrupted', async () => {
    const s = loadedState();
    const abort = new AbortController();
    abort.abort();
    const result = await rollbackJournal(s.sonar, s.journal, steps, { signal: abort.signal });
    expect(result.interrupted).toBe(true);
    expect(s.sonar.deletes).toEqual([]);
  });

  it('lets a record with no Sonar id of its own go with the account it created, without a request', async () => {
    const s = loadedState();
    // A one-time charge: a transaction the API cannot delete, on account a1 (created) and a2 (adopted).
    s.journal.markLoaded('services', 'charge-a1', { sonarId: null as unknown as string }, meta('a1'));
    s.journal.markLoaded('services', 'charge-a2', { sonarId: null as unknown as string }, meta('a2'));
    s.sonar.failNext.set(
      'services/null',
      new Error('charge-a2: a transaction cannot be deleted — reverse it by hand'),
    );
    const result = await rollbackJournal(s.sonar, s.journal, steps);
    expect(s.journal.get('services', 'charge-a1')?.state).toBe('rolled_back');
    expect(result.steps.find((r) => r.step === 'services')).toMatchObject({ withAccount: 1, failed: 1 });
    expect(result.failures.map((f) => f.legacyKey)).toEqual(['charge-a2']);
    expect(s.journal.get('services', 'charge-a2')?.state).toBe('loaded');
  });

  it('deletes parent accounts before their sub-accounts, level by level, from the staged hierarchy', async () => {
    const s = makeState();
    const sonar = new FakeSonar();
    // 1 lists 2 as a sub-account, 2 lists 3; 4 stands alone; 9 is journaled but no longer staged.
    const parent = (key: string, child?: string) => {
      const record = stagedRecord('accounts', key, { ID: key });
      if (child) record.refs = [{ path: 'sub_accounts.0', lookup: 'accounts', name: child }];
      s.staged.addRecord(record);
    };
    parent('1', '2');
    parent('2', '3');
    parent('3');
    parent('4');
    for (const key of ['3', '2', '1', '4', '9']) {
      s.journal.markLoaded('accounts', key, { sonarId: key }, meta(key));
      sonar.existing.add(`accounts/${key}`);
    }
    const result = await rollbackJournal(sonar, s.journal, [fakeStep('accounts')], { hierarchy: s.staged });
    // Level 0 (1 and 4, together), then 2, then 3, then 9, which the staging does not know.
    expect(sonar.deletes.slice(0, 2).sort()).toEqual(['accounts/1', 'accounts/4']);
    expect(sonar.deletes.slice(2)).toEqual(['accounts/2', 'accounts/3', 'accounts/9']);
    expect(result.steps[0]).toMatchObject({ removed: 5, failed: 0 });
    expect(sonar.existing.size).toBe(0);
    // The order's temporary tables are gone with the rollback.
    expect(
      s.db.prepare("SELECT count(*) FROM temp.sqlite_master WHERE name LIKE 'rollback_%'").pluck().get(),
    ).toBe(0);
  });

  it('without the hierarchy, deletes accounts one at a time, newest first', async () => {
    const s = makeState();
    const sonar = new FakeSonar();
    for (const [key, second] of [
      ['3', 1],
      ['2', 2],
      ['1', 3],
    ] as const) {
      s.journal.markLoaded('accounts', key, { sonarId: key }, meta(key));
      sonar.existing.add(`accounts/${key}`);
      s.db
        .prepare("UPDATE journal SET updated_at = ? WHERE step = 'accounts' AND legacy_key = ?")
        .run(`2026-12-06T00:00:0${second}.000Z`, key);
    }
    await rollbackJournal(sonar, s.journal, [fakeStep('accounts')]);
    expect(sonar.deletes).toEqual(['accounts/1', 'accounts/2', 'accounts/3']);
  });

  it('deletes every record of a step larger than a wave, a wave at a time, exactly once', async () => {
    const s = makeState();
    const sonar = new FakeSonar();
    s.journal.transaction(() => {
      for (let i = 0; i < 1_234; i += 1) {
        s.journal.markLoaded('contacts', `c${String(i).padStart(4, '0')}`, { sonarId: String(i) }, meta('a'));
        sonar.existing.add(`contacts/${i}`);
      }
    });
    const progress: Array<[number, number]> = [];
    const result = await rollbackJournal(sonar, s.journal, [fakeStep('contacts')], {
      concurrency: 4,
      onProgress: (_step, done, total) => progress.push([done, total]),
    });
    expect(result.steps[0]).toMatchObject({ removed: 1_234, failed: 0 });
    expect(new Set(sonar.deletes).size).toBe(1_234);
    expect(sonar.existing.size).toBe(0);
    expect(progress.at(-1)).toEqual([1_234, 1_234]);
    expect([...s.journal.entries('contacts', 'loaded')]).toEqual([]);
  });
});
