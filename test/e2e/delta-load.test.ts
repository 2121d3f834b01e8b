import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { copySmallSample, runIn } from '../cli/load-helpers.js';
import { repoRoot, startTestSimulator } from '../loaders/harness.js';
import { loadUnderKills } from './kill-loop.js';

// Issue 16, "Done when" (delta part): load a set, change the source (edits, a new account, a
// removed account), plan and check the counts exactly, load again under SIGKILLs, and check that
// Sonar holds the changed source once, with the removed account left in place and reported.

const kept = ['10048', '10072', '10078', '10079', '10080', '10011'];
const removed = '10152';
const added = '10065';

/** Edits every contact's email, every secondary address's first line, every account's due days. */
const edits: Record<string, (line: string) => string> = {
  'contacts.csv': (l) => l.replace('@example.com', '@moved.example.com'),
  'addresses.csv': (l) => l.replace(/^(\d+,\d+,")/, '$1Rear '),
  'billing_parameters.csv': (l) => l.replace(/^(\d+,\d+,)\d+/, '$131'),
};

/** Writes the changed source into `dir`: `kept` + the added account, edited; the removed one gone. */
function changeSource(dir: string): void {
  const next = copySmallSample([...kept, added]);
  for (const file of readdirSync(next).filter((f) => f.endsWith('.csv'))) {
    const edit = edits[file];
    const text = readFileSync(join(next, file), 'utf8');
    writeFileSync(join(dir, file), edit ? text.split('\n').map(edit).join('\n') : text);
  }
}

interface PlanJson {
  steps: Array<{ step: string; create: number; update: number; removed: number; done: number }>;
}

describe('a delta load after the source changed', () => {
  it('plans the changes exactly and applies them once under SIGKILLs, leaving removals reported', async () => {
    if (!existsSync(join(repoRoot, 'dist', 'cli', 'commands', 'load.js'))) {
      throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
    }
    const sim = await startTestSimulator({ latency: { fixedMs: 3, jitterMs: 3 } });
    const dir = copySmallSample([...kept, removed]);
    try {
      expect((await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
      const before = { contacts: sim.state.contacts.rows.size, addresses: sim.state.addresses.rows.size };
      const removedRows = (file: string) =>
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith(`${removed},`)).length;
      const removedContacts = removedRows('contacts.csv');
      changeSource(dir);
      const keptRows = (file: string, account?: string) =>
        readFileSync(join(dir, file), 'utf8')
          .split('\n')
          .filter((l) => (account ? l.startsWith(`${account},`) : kept.some((k) => l.startsWith(`${k},`))))
          .length;

      const planned = await runIn(dir, sim, ['plan', '--config', 'migration.json']);
      const plan = JSON.parse(readFileSync(join(dir, 'reports', 'plan.json'), 'utf8')) as PlanJson;
      const step = (name: string) => plan.steps.find((s) => s.step === name);
      expect(planned.out).toContain('Removed in the source');
      expect(step('accounts')).toMatchObject({ create: 1, update: 0, removed: 1, done: kept.length });
      expect(step('contacts')).toMatchObject({
        create: keptRows('contacts.csv', added),
        update: keptRows('contacts.csv'),
        removed: removedContacts,
        done: 0,
      });
      // The sample's figures: 5 kept contacts, 1 new, 2 removed; 2 kept secondary addresses, 1 removed.
      expect([keptRows('contacts.csv'), keptRows('contacts.csv', added), removedContacts]).toEqual([5, 1, 2]);
      expect(step('addresses')).toMatchObject({ removed: 1 });
      expect(step('billing_parameters')).toMatchObject({
        create: 1,
        update: kept.length,
        removed: 1,
        done: 0,
      });
      expect(step('addresses')).toMatchObject({
        create: keptRows('addresses.csv', added),
        update: keptRows('addresses.csv'),
      });

      // Load the changes, killed at seeded moments, then to the end; one update's answer is lost.
      sim.faults.commitThenDrop({ method: 'PATCH', pattern: '/accounts/:account_id/contacts/:contact_id' });
      sim.faults.commitThenDrop({ method: 'PATCH', pattern: '/accounts/:account_id/addresses/:address_id' });
      const loaded = await loadUnderKills(sim, dir, { seed: 11, kills: 3, min: 2, spread: 8 });
      // A kill lands only while the load still runs at its seeded moment: at least one must have.
      expect(loaded.kills).toBeGreaterThanOrEqual(1);
      expect(loaded.code, loaded.stderr).toBe(0);

      const db = openStateDb(join(dir, 'state.db'));
      try {
        const staged = new StagedRecords(db);
        const journal = new Journal(db);
        const contacts = [...staged.valid('contacts')];
        const addresses = [...staged.valid('addresses')];
        // Edits went in place: only the new account's records were created; the removed stay.
        expect(sim.state.contacts.rows.size).toBe(before.contacts + 1 + keptRows('contacts.csv', added));
        expect(sim.state.addresses.rows.size).toBe(before.addresses + 1 + keptRows('addresses.csv', added));
        for (const r of contacts) {
          const entry = journal.get('contacts', r.legacyKey);
          expect(entry?.pendingUpdate ?? null).toBeNull();
          expect(sim.state.contacts.get(Number(entry?.sonarId))?.email_address).toBe(r.payload.email_address);
        }
        for (const r of addresses) {
          const entry = journal.get('addresses', r.legacyKey);
          expect(sim.state.addresses.get(Number(entry?.sonarId))?.line1).toBe(r.payload.line1);
        }
        for (const r of staged.valid('billing_parameters')) {
          const id = Number(journal.get('accounts', r.accountKey ?? '')?.sonarId);
          expect(sim.state.billingParameters.get(id)?.due_days).toBe(31);
        }
        const removedAccount = Number(journal.get('accounts', removed)?.sonarId);
        expect(sim.state.accounts.get(removedAccount)?.id).toBe(removedAccount);
        expect(sim.faults.describe()).toMatchObject({ scripted: [] });
      } finally {
        db.close();
      }
    } finally {
      await sim.close();
    }
  }, 120_000);
});
