import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';

const meta = { accountKey: null, fingerprint: 'f' };

describe('Journal.awaitingIds', () => {
  it('holds the loaded entries of a step without a Sonar id, and matches them by their sonar_ref field', () => {
    const journal = new Journal(openStateDb(join(makeTempDir(), 'state.db')));
    journal.transaction(() => {
      journal.markLoaded(
        'did_inventory',
        'did_inventory:1',
        { sonarId: null, sonarRef: { did: '5550001' } },
        meta,
      );
      journal.markLoaded(
        'did_inventory',
        'did_inventory:2',
        { sonarId: null, sonarRef: { did: '5550002' }, adopted: true },
        meta,
      );
      // Already has its id, another step, or not loaded: none of them awaits an id.
      journal.markLoaded(
        'did_inventory',
        'did_inventory:3',
        { sonarId: '7', sonarRef: { did: '5550003' } },
        meta,
      );
      journal.markLoaded('dids', 'dids:1', { sonarId: null, sonarRef: { did: '5550001' } }, meta);
      journal.markFailed(
        'did_inventory',
        'did_inventory:4',
        { code: 'SONAR_TERMINAL', message: '422' },
        meta,
      );
    });

    const awaiting = journal.awaitingIds('did_inventory', 'did');
    expect(awaiting.count).toBe(2);
    expect(awaiting.match(['5550003', '5550002', '9999999'])).toEqual([
      { legacyKey: 'did_inventory:2', identity: '5550002', adopted: true },
    ]);
    expect(awaiting.match(['5550001'])).toEqual([
      { legacyKey: 'did_inventory:1', identity: '5550001', adopted: false },
    ]);
    expect(awaiting.match([])).toEqual([]);
    awaiting.close();
    // Made again from the journal: after the read-back marks the ids, nothing awaits.
    journal.markLoaded('did_inventory', 'did_inventory:1', { sonarId: '11', sonarRef: { did: '5550001' } });
    expect(journal.awaitingIds('did_inventory', 'did').count).toBe(1);
  });
});
