import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openStateDb } from '../../src/store/database.js';
import { copySample, runIn } from '../cli/load-helpers.js';

let sim: RunningSimulator;
let dir: string;

/** verify.csv's rows after its header, as arrays of cells. */
function verifyRows(): string[][] {
  const text = readFileSync(join(dir, 'reports', 'verify.csv'), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...rows] = parse(text) as string[][];
  expect(header).toEqual(['legacy_key', 'sonar_id', 'step', 'field', 'expected', 'found']);
  return rows;
}

/** The first loaded journal entry of a step, read from the state file. */
function loadedEntry(step: Parameters<Journal['entries']>[0]) {
  const db = openStateDb(join(dir, 'state.db'));
  try {
    const [entry] = new Journal(db).entries(step, 'loaded');
    if (!entry?.sonarId) throw new Error(`no loaded ${step}`);
    return { legacyKey: entry.legacyKey, sonarId: entry.sonarId };
  } finally {
    db.close();
  }
}

/** How many accounts have at least one staged record of each step (from the state file). */
function accountsWith(step: string): number {
  const db = openStateDb(join(dir, 'state.db'));
  try {
    const row = db
      .prepare('SELECT COUNT(DISTINCT account_key) AS n FROM staged WHERE step = ? AND rejected = 0')
      .get(step) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  sim = await startSimulator();
  dir = copySample('legacy-billing');
  const load = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
  expect(load.code).toBe(0);
}, 120_000);

afterAll(() => sim.close());

describe('sonar-migrate verify after a clean load of samples/legacy-billing', () => {
  it('finds no difference, exits 0 and reads each account through its lists, never one record at a time', async () => {
    sim.resetRequestCounts();
    const { code, out } = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
    expect(code).toBe(0);
    expect(out).toContain('Verified 200 account(s): 0 difference(s).');
    expect(verifyRows()).toEqual([]);
    expect(statSync(join(dir, 'reports', 'verify.csv')).mode & 0o777).toBe(0o600);
    const counts = sim.requestCounts();
    const accounts = accountsWith('accounts');
    expect(accounts).toBe(200);
    // Two pages of 100 accounts, then per account its own lists: contacts, addresses and
    // services always (the account's primary contact, its physical address, its revenue).
    expect(counts['GET /accounts']).toBe(Math.ceil(accounts / 100));
    expect(counts['GET /accounts/:account_id/contacts']).toBe(accounts);
    expect(counts['GET /accounts/:account_id/addresses']).toBe(accounts);
    expect(counts['GET /accounts/:account_id/services']).toBe(accounts);
    expect(counts['GET /accounts/:id/billing_parameters']).toBe(accountsWith('billing_parameters'));
    expect(counts['GET /accounts/:account_id/dids']).toBe(accountsWith('dids'));
    expect(counts['GET /accounts/:id/ip_assignments']).toBe(accountsWith('ip_assignments'));
    const withPaymentMethods = (() => {
      const db = openStateDb(join(dir, 'state.db'));
      try {
        return (
          db
            .prepare(
              "SELECT COUNT(DISTINCT account_key) AS n FROM staged WHERE step IN ('credit_cards', 'bank_accounts') AND rejected = 0",
            )
            .get() as { n: number }
        ).n;
      } finally {
        db.close();
      }
    })();
    expect(counts['GET /accounts/:account_id/payment_methods']).toBe(withPaymentMethods);
    // No per-record GET, and nothing written.
    const perRecord = Object.keys(counts).filter((k) => /^GET .*\/:\w+_id$|^GET \/accounts\/:id$/.test(k));
    expect(perRecord).toEqual([]);
    expect(Object.keys(counts).filter((k) => !k.startsWith('GET '))).toEqual([]);
    const html = readFileSync(join(dir, 'reports', 'summary.html'), 'utf8');
    expect(html).toContain('<h2>Verify</h2>');
    expect(html).toContain('200 account(s) verified, no difference');
  }, 60_000);

  it('names the legacy key, step, field, expected and found of a contact changed in Sonar behind its back', async () => {
    const { legacyKey, sonarId } = loadedEntry('contacts');
    const contact = sim.state.contacts.get(Number(sonarId));
    if (!contact) throw new Error('contact not in the simulator');
    const before = contact.email_address;
    contact.email_address = 'someone.else@example.com';
    try {
      const { code, out } = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
      expect(code).toBe(1);
      expect(verifyRows()).toEqual([
        [legacyKey, sonarId, 'contacts', 'email_address', before, 'someone.else@example.com'],
      ]);
      expect(out).toContain(
        `contacts ${legacyKey} (Sonar ${sonarId}): email_address expected "${before}", found "someone.else@example.com"`,
      );
    } finally {
      contact.email_address = before;
    }
  }, 60_000);

  it('counts a price override set in Sonar against the service and the monthly recurring revenue', async () => {
    const { legacyKey, sonarId } = loadedEntry('services');
    const row = sim.state.accountServices.get(Number(sonarId));
    if (!row) throw new Error('service not in the simulator');
    const service = sim.state.reference.services.find((s) => s.id === row.service_id);
    expect(service?.type).toBe('recurring');
    expect(row.price_override).toBeNull();
    const total = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
    const mrr = /Monthly recurring revenue: source (\d+\.\d\d), Sonar \1\./.exec(total.out)?.[1];
    if (!mrr) throw new Error(`no revenue line in ${total.out}`);
    row.price_override = 1;
    try {
      const { code } = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
      expect(code).toBe(1);
      const delta = Math.round((1 - Number(service?.amount)) * 100) * (row.quantity ?? 1);
      const found = ((Math.round(Number(mrr) * 100) + delta) / 100).toFixed(2);
      const rows = verifyRows();
      // The account's own revenue, in the source and in Sonar, differs by the same amount.
      const [accountKey, accountId, , , accountSource, accountSonar] = rows[1] ?? [];
      expect(accountKey).toBe(legacyKey.split(':')[1]);
      expect(accountId).toBe(String(row.account_id));
      expect(Math.round(Number(accountSonar) * 100) - Math.round(Number(accountSource) * 100)).toBe(delta);
      expect(rows).toEqual([
        [legacyKey, sonarId, 'services', 'price_override', '', '1'],
        [accountKey, accountId, 'accounts', 'monthly recurring revenue', accountSource, accountSonar],
        ['(all)', '', 'totals', 'monthly recurring revenue', mrr, found],
      ]);
    } finally {
      row.price_override = null;
    }
  }, 60_000);

  it('reports a payment method deleted in Sonar as a missing record, never its token', async () => {
    const { legacyKey, sonarId } = loadedEntry('credit_cards');
    const method = sim.state.paymentMethods.get(Number(sonarId));
    if (!method) throw new Error('payment method not in the simulator');
    sim.state.paymentMethods.delete(method.id);
    try {
      const { code } = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
      expect(code).toBe(1);
      expect(verifyRows()).toEqual([[legacyKey, sonarId, 'credit_cards', '(record)', 'present', 'missing']]);
      expect(readFileSync(join(dir, 'reports', 'verify.csv'), 'utf8')).not.toContain(method.token);
    } finally {
      sim.state.paymentMethods.insert(method);
    }
  }, 60_000);

  it('reports an account Sonar no longer lists as missing (with its revenue), and only that one', async () => {
    const { legacyKey, sonarId } = loadedEntry('accounts');
    const account = sim.state.accounts.get(Number(sonarId));
    if (!account) throw new Error('account not in the simulator');
    sim.state.accounts.delete(account.id);
    try {
      const { code, out } = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
      expect(code).toBe(1);
      expect(out).toContain('Verified 200 account(s)');
      const rows = verifyRows().filter((r) => r[2] !== 'totals');
      expect(rows[0]).toEqual([legacyKey, sonarId, 'accounts', '(record)', 'present', 'missing']);
      expect(rows.slice(1).map((r) => [r[0], r[2], r[3]])).toEqual([
        [legacyKey, 'accounts', 'monthly recurring revenue'],
      ]);
    } finally {
      sim.state.accounts.insert(account);
    }
  }, 60_000);

  it('backs off and retries when Sonar answers 429, and still finds no difference', async () => {
    sim.resetRequestCounts();
    sim.faults.failNext({
      method: 'GET',
      pattern: '/accounts/:account_id/contacts',
      status: 429,
      retryAfterSeconds: 0,
      count: 3,
    });
    const { code, out } = await runIn(dir, sim, [
      'verify',
      '--config',
      'migration.json',
      '--concurrency',
      '4',
    ]);
    expect(out).toContain('Verified 200 account(s): 0 difference(s).');
    expect(code).toBe(0);
    // Each refused read was sent again: three more than one per account.
    expect(sim.requestCounts()['GET /accounts/:account_id/contacts']).toBe(200 + 3);
  }, 60_000);
});
