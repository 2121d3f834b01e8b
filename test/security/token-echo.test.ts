import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { openStateDb } from '../../src/store/database.js';
import { copySmallSample, runIn } from '../cli/load-helpers.js';
import { startTestSimulator } from '../loaders/harness.js';

// Account 10072's card in samples/sonar-importer/credit_cards.csv.
const token = 'tok_5xJKBaNI5sak1oyCFPd7Q9YQ';
let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Every file the run left in the reports folder, and the state file's journal, as text. */
function everythingWritten(dir: string): Record<string, string> {
  const reports = join(dir, 'reports');
  const files: Record<string, string> = {};
  for (const name of readdirSync(reports)) files[name] = readFileSync(join(reports, name), 'utf8');
  const db = openStateDb(join(dir, 'state.db'));
  try {
    files.journal = JSON.stringify([...new Journal(db).entries(undefined)]);
  } finally {
    db.close();
  }
  return files;
}

describe('a Sonar error that repeats the payment token', () => {
  it('reaches the failed CSV, summary.json, summary.html, the journal and stderr as its last 4 characters only', async () => {
    sim = await startTestSimulator({
      faults: {
        scripted: [
          {
            kind: 'fail',
            method: 'POST',
            pattern: '/accounts/:account_id/tokenized_payment_method',
            status: 422,
            message: 'The token {body.token} was declined by the processor.',
          },
        ],
      },
    });
    const dir = copySmallSample(['10072']);
    const r = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
    expect(r.code).toBe(1);
    const written = everythingWritten(dir);
    expect(Object.keys(written).sort()).toContain('credit_cards.failed.csv');
    for (const [name, text] of Object.entries(written)) {
      expect({ name, leaked: text.includes(token) }).toEqual({ name, leaked: false });
    }
    expect(r.out + r.err).not.toContain(token);
    // The message is kept, with the token masked: the operator still sees what Sonar said.
    expect(written['credit_cards.failed.csv']).toContain('The token …Q9YQ was declined by the processor.');
    expect(written['summary.json']).toContain('The token …Q9YQ was declined');
    expect(written.journal).toContain('The token …Q9YQ was declined');
  });
});
