import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { unsettledTerm } from '../../src/store/schema.js';
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

  it("reads a step's failed entries, its flagged loaded ones and the counts through indexes, not the table", () => {
    const { db } = journalOfLoads(10);
    const planOf = (sql: string, ...params: string[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>)
        .map((p) => p.detail)
        .join('\n');
    expect(
      planOf(
        `SELECT legacy_key FROM journal WHERE step = ? AND state = ? AND ${unsettledTerm} AND legacy_key > ? ORDER BY step, legacy_key LIMIT 2000`,
        'accounts',
        'failed',
        '',
      ),
    ).toMatch(
      /SEARCH journal USING (COVERING )?INDEX journal_unsettled \(state=\? AND step=\? AND legacy_key>\?\)/,
    );
    expect(
      planOf(
        "SELECT legacy_key FROM journal INDEXED BY journal_flagged WHERE step = ? AND state = 'loaded' AND last_error IS NOT NULL ORDER BY legacy_key",
        'accounts',
      ),
    ).toMatch(/USING (COVERING )?INDEX journal_flagged/);
    // counts(): a step's entries from the primary key's index, its others from journal_unsettled.
    expect(planOf('SELECT step, count(*) AS count FROM journal GROUP BY step')).toMatch(
      /^SCAN journal USING COVERING INDEX sqlite_autoindex_journal_1$/,
    );
    expect(
      planOf(
        `SELECT step, state, count(*) AS count FROM journal WHERE ${unsettledTerm} GROUP BY step, state`,
      ),
    ).toMatch(/USING COVERING INDEX journal_unsettled/);
  });
});
