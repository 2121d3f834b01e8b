import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { migrateStateDb, stateMigrations } from '../../src/store/schema.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { makeTempDir } from '../helpers/io.js';
import { makeStaged, record, stage } from './staged-fixtures.js';

function numbered(
  step: Parameters<typeof record>[0],
  key: string,
  row: number,
  payload: Record<string, unknown>,
) {
  return { ...record(step, key, row, payload, { accountKey: '7' }), numberedKey: true as const };
}

describe('identity keys of child records', () => {
  it('are numbered per account by first appearance of each distinct content; identical rows share one', () => {
    const { staged } = makeStaged();
    staged.clear();
    stage(staged, [
      numbered('contacts', 'contacts:7:bob', 2, { name: 'Bob', email_address: 'a@example.com' }),
      numbered('contacts', 'contacts:7:bob', 3, { name: 'Bob', email_address: 'b@example.com' }),
      numbered('contacts', 'contacts:7:bob', 4, { name: 'Bob', email_address: 'a@example.com' }),
      numbered('contacts', 'contacts:7:ann', 5, { name: 'Ann', email_address: 'c@example.com' }),
      // A key column the mapping names is never numbered: two rows with it are a duplicate.
      record('contacts', 'contacts:C-1', 6, { name: 'Cy' }, { accountKey: '7' }),
      record('contacts', 'contacts:C-1', 7, { name: 'Di' }, { accountKey: '7' }),
    ]);
    const keys = [...staged.valid('contacts')].map((r) => [
      r.source.provenance.row,
      r.legacyKey,
      r.source.provenance.legacyKey,
    ]);
    expect(keys).toEqual([
      [2, 'contacts:7:bob', 'contacts:7:bob'],
      [3, 'contacts:7:bob#2', 'contacts:7:bob#2'],
      [4, 'contacts:7:bob', 'contacts:7:bob'],
      [5, 'contacts:7:ann', 'contacts:7:ann'],
      [6, 'contacts:C-1', 'contacts:C-1'],
      [7, 'contacts:C-1', 'contacts:C-1'],
    ]);
  });

  it('take over the journal of a state file written with content keys, so nothing is sent again', () => {
    const path = join(makeTempDir(), 'v3.db');
    const old = openStateDb(path);
    migrateStateDb(
      old,
      stateMigrations.filter((m) => m.version <= 3),
    );
    const src = (row: number) =>
      JSON.stringify({ input: 'contacts', provenance: { file: 'x.csv', row }, values: [] });
    const insertStaged = old.prepare(
      'INSERT INTO staged (step, legacy_key, account_key, payload, refs, source) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertJournal = old.prepare(
      "INSERT INTO journal (step, legacy_key, account_key, state, sonar_id, fingerprint, updated_at) VALUES (?, ?, ?, 'loaded', ?, 'f', 't')",
    );
    const rows: Array<[string, string, Record<string, unknown>, unknown[], string]> = [
      ['contacts', 'contacts:7:bob:a@example.com', { name: 'Bob', email_address: 'a@example.com' }, [], '11'],
      ['contacts', 'contacts:7:bob:b@example.com', { name: 'Bob', email_address: 'b@example.com' }, [], '12'],
      [
        'services',
        'services:7:fiber 100:::',
        { service_id: null, quantity: 1 },
        [{ path: 'service_id', lookup: 'services', name: 'Fiber 100' }],
        '21',
      ],
      ['services', 'services:7:10:19.99::', { service_id: 10, price_override: 19.99 }, [], '22'],
      ['credit_cards', 'credit_cards:7:visa:4242:2030:12', { identifier: '4242' }, [], '31'],
      ['contacts', 'contacts:C-1', { name: 'Cy' }, [], '13'],
    ];
    rows.forEach(([step, key, payload, refs, sonarId], i) => {
      insertStaged.run(step, key, '7', JSON.stringify(payload), JSON.stringify(refs), src(i + 2));
      insertJournal.run(step, key, '7', sonarId);
    });
    // Loaded by an earlier run, gone from the input since: it keeps its key (removed in the source).
    insertJournal.run('contacts', 'contacts:7:zed:z@example.com', '7', '19');
    old.close();

    const db = openStateDb(path);
    const journal = new Journal(db);
    expect(db.pragma('user_version', { simple: true })).toBe(7);
    const loaded = [...journal.entries()].map((e) => [e.step, e.legacyKey, e.sonarId]).sort();
    expect(loaded).toEqual(
      [
        ['contacts', 'contacts:7:bob', '11'],
        ['contacts', 'contacts:7:bob#2', '12'],
        ['contacts', 'contacts:C-1', '13'],
        ['contacts', 'contacts:7:zed:z@example.com', '19'],
        ['services', 'services:7:fiber 100', '21'],
        ['services', 'services:7:10', '22'],
        ['credit_cards', 'credit_cards:7', '31'],
      ].sort(),
    );
    const staged = new StagedRecords(db);
    expect([...staged.valid('services')].map((r) => r.legacyKey)).toEqual([
      'services:7:fiber 100',
      'services:7:10',
    ]);
  });
});
