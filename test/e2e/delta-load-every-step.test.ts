import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { copySmallSample, runIn } from '../cli/load-helpers.js';
import { repoRoot, startTestSimulator } from '../loaders/harness.js';
import { loadUnderKills } from './kill-loop.js';

// Issue 16, "Done when" (delta and verify), every step: load a set; change the source with edits
// in every step, a new account, a removed one, a moved DID and a new card; plan and check the
// counts exactly; load under SIGKILLs with --apply-removals; then `verify` finds no difference and
// the simulator holds what a fresh load of the changed source makes.

const kept = ['10048', '10072', '10078', '10079', '10080', '10011'];
const removed = '10152';
const added = '10065';

/** One edit per file: each returns the line changed, or as it was. */
const edits: Record<string, (line: string) => string> = {
  'accounts.csv': (l) => l.replace(/^10078,"Marge Borer"/, '10078,"Marge Borer-Kent"'),
  'contacts.csv': (l) => l.replace('@example.com', '@moved.example.com'),
  'addresses.csv': (l) => l.replace(/^(\d+,\d+,")/, '$1Rear '),
  'billing_parameters.csv': (l) => l.replace(/^(\d+,\d+,)\d+/, '$131'),
  // A price override and a quantity (Update account service).
  'services.csv': (l) =>
    l.replace(/^10048,10,"0\.00",/, '10048,10,"5.00",').replace(/^10072,3,,,1,/, '10072,3,,,2,'),
  // A new expiry and a new card (new token, new last 4): replaced; auto pay turned off: updated.
  'credit_cards.csv': (l) =>
    l
      .replace(/^(10072,"[^"]*","[^"]*","5903",)2034,/, '$12036,')
      .replace(/^(10011,"[^"]*",)"tok_[^"]*","3501"/, '$1"tok_NEWCARD00000000000000007777","7777"')
      .replace(/^(10079,"[^"]*","[^"]*","9569",2033,"08",)1,/, '$10,'),
  'ip_assignments.csv': (l) => l.replace('"Static IP: router WAN"', '"Static IP: router WAN, rack 2"'),
  // The DID moves to another account with the same voice service.
  'dids.csv': (l) => l.replace(/^10048,"7162000009"/, '10072,"7162000009"'),
};

/** Writes the changed source into `dir`. */
function changeSource(dir: string): void {
  const next = copySmallSample([...kept, added]);
  for (const file of readdirSync(next).filter((f) => f.endsWith('.csv'))) {
    const edit = edits[file];
    const text = readFileSync(join(next, file), 'utf8');
    const changed = edit ? text.split('\n').map(edit).join('\n') : text;
    writeFileSync(join(dir, file), changed);
    writeFileSync(join(next, file), changed);
  }
  fresh = next;
}
let fresh = '';

/** What Sonar holds, without its ids: per account name, its records as sorted texts. */
function holdings(sim: RunningSimulator): Record<string, string[]> {
  const s = sim.state;
  const out: Record<string, string[]> = {};
  for (const a of s.accounts.list()) {
    const mine = <T extends { account_id: number | null }>(rows: T[]) =>
      rows.filter((r) => r.account_id === a.id);
    const {
      id: _i,
      account_id: _a,
      ...bp
    } = (s.billingParameters.get(a.id) ?? {}) as Record<string, unknown>;
    out[a.name] = [
      `account ${a.account_status_id} ${a.next_bill_date}`,
      `billing ${JSON.stringify(bp)}`,
      ...mine(s.contacts.list()).map((c) => `contact ${c.name} ${c.email_address} ${c.primary}`),
      ...mine(s.addresses.list()).map((d) => `address ${d.address_type_id} ${d.line1} ${d.city}`),
      ...mine(s.accountServices.list()).map(
        (r) => `service ${r.service_id} ${r.price_override} ${r.quantity}`,
      ),
      ...mine(s.paymentMethods.list()).map(
        (m) =>
          `method ${m.type} ${m.identifier} ${m.expiration_month}/${m.expiration_year} ${m.auto} ${m.token}`,
      ),
      ...mine(s.ipAssignments.list()).map((r) => `ip ${r.subnet} ${r.description}`),
      ...mine(s.dids.list()).map((d) => `did ${d.did}`),
    ].sort();
  }
  return out;
}

interface PlanJson {
  steps: Array<{ step: string; create: number; update: number; replace: number; removed: number }>;
}

describe('a delta load with a change in every step', () => {
  it('plans, updates, replaces and removes exactly once under SIGKILLs; verify then finds no difference', async () => {
    if (!existsSync(join(repoRoot, 'dist', 'cli', 'commands', 'load.js'))) {
      throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
    }
    const sim = await startTestSimulator({ latency: { fixedMs: 3, jitterMs: 3 } });
    const witness = await startTestSimulator();
    const dir = copySmallSample([...kept, removed]);
    try {
      expect((await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
      expect(sim.state.accounts.rows.size).toBe(kept.length + 1);
      changeSource(dir);

      await runIn(dir, sim, ['plan', '--config', 'migration.json']);
      const plan = JSON.parse(readFileSync(join(dir, 'reports', 'plan.json'), 'utf8')) as PlanJson;
      const step = (name: string) => {
        const { create, update, replace, removed } = plan.steps.find((s) => s.step === name) ?? {};
        return { create, update, replace, removed };
      };
      expect(step('accounts')).toEqual({ create: 1, update: 1, replace: 0, removed: 1 });
      expect(step('services')).toMatchObject({ update: 2, replace: 0, removed: 2 });
      expect(step('credit_cards')).toEqual({ create: 1, update: 1, replace: 2, removed: 1 });
      expect(step('ip_assignments')).toEqual({ create: 1, update: 1, replace: 0, removed: 1 });
      expect(step('dids')).toEqual({ create: 0, update: 0, replace: 1, removed: 0 });
      expect(step('contacts')).toMatchObject({ update: 5, replace: 0 });
      expect(step('billing_parameters')).toMatchObject({ update: kept.length, removed: 1 });

      // Load the changes, killed at seeded moments, then to the end; lost answers on the way.
      sim.faults.commitThenDrop({
        method: 'PATCH',
        pattern: '/accounts/:account_id/services/:unique_service_relationship_id',
      });
      sim.faults.commitThenDrop({
        method: 'POST',
        pattern: '/accounts/:account_id/tokenized_payment_method',
      });
      sim.faults.commitThenDrop({
        method: 'DELETE',
        pattern: '/accounts/:account_id/ip_assignments/:ip_assignment_id',
      });
      const loaded = await loadUnderKills(sim, dir, {
        seed: 16,
        kills: 3,
        min: 1,
        spread: 6,
        extra: ['--apply-removals'],
      });
      expect(loaded.kills).toBeGreaterThanOrEqual(1);
      expect(loaded.code, loaded.stderr).toBe(0);

      const verified = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
      expect(verified.code, verified.out + verified.err).toBe(0);

      // A fresh load of the changed source into an empty Sonar holds the same.
      expect((await runIn(fresh, witness, ['load', '--config', 'migration.json', '--yes'])).code).toBe(0);
      expect(holdings(sim)).toEqual(holdings(witness));
      expect(sim.state.accounts.rows.size).toBe(kept.length + 1);
    } finally {
      await sim.close();
      await witness.close();
    }
  }, 180_000);
});
