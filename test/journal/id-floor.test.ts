import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { makeTempDir } from '../helpers/io.js';

/** The ISO time `second` seconds into a day, as the journal's marks keep times. */
const at = (second: number) => new Date(Date.UTC(2026, 11, 6, 0, 0, second)).toISOString();

/** A journal holding `count` accounts Sonar numbered 1000 + i, marked loaded at second i. */
function journalOfLoads(count: number) {
  const db = openStateDb(join(makeTempDir(), 'state.db'));
  const journal = new Journal(db);
  const insert = db.prepare(
    `INSERT INTO journal (step, legacy_key, state, attempts, sonar_id, loaded_fields, adopted, updated_at)
     VALUES ('accounts', ?, 'loaded', 1, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i += 1) insert.run(`A${i}`, String(1000 + i), '{"name":"x"}', 0, at(i));
  })();
  return { db, journal, insert };
}

describe('Journal.highestSonarChosenIdBefore (the lost-answer floor)', () => {
  it('is the highest id Sonar chose among the marks before the time, whatever their number', () => {
    const { journal } = journalOfLoads(5_000);
    expect(journal.highestSonarChosenIdBefore('accounts', { since: at(0), before: at(4_000) })).toBe(4_999);
    expect(journal.highestSonarChosenIdBefore('accounts', { since: at(0), before: at(1) })).toBe(1_000);
    // Nothing in the window: no floor.
    expect(journal.highestSonarChosenIdBefore('accounts', { since: at(10), before: at(10) })).toBeUndefined();
    expect(
      journal.highestSonarChosenIdBefore('contacts', { since: at(0), before: at(4_000) }),
    ).toBeUndefined();
  });

  it('leaves out adopted records and records sent with an id of their own', () => {
    const { journal, insert } = journalOfLoads(10);
    insert.run('ADOPTED', '90000', '{"name":"x"}', 1, at(20));
    insert.run('OWN-ID', '80000', '{"id":80000,"name":"x"}', 0, at(21));
    expect(journal.highestSonarChosenIdBefore('accounts', { since: at(0), before: at(30) })).toBe(1_009);
  });

  it('walks the (state, step, updated_at) index, never the whole step', () => {
    const { db } = journalOfLoads(10);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT max(id) FROM (SELECT CAST(sonar_id AS INTEGER) AS id FROM journal
         WHERE state = 'loaded' AND step = ? AND updated_at >= ? AND updated_at < ? ORDER BY updated_at DESC LIMIT 256)`,
      )
      .all('accounts', at(0), at(5)) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toContain('USING INDEX journal_state_step_time');
  });
});
