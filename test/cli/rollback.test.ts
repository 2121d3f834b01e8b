import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { Journal } from '../../src/journal/journal.js';
import { acquireLock } from '../../src/journal/lock.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openStateDb } from '../../src/store/database.js';
import { captureIo } from '../helpers/io.js';
import { copySample, loadSample, mutableState } from './rollback-fixture.js';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function loadedSample(accounts?: number) {
  const dir = copySample(accounts === undefined ? {} : { accounts });
  sim = await startSimulator();
  const before = mutableState(sim);
  const load = await loadSample(dir, sim);
  const env = { SONAR_URL: sim.url, SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'sonar' };
  return { dir, sim, before, load, env };
}

const deletes = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([k]) => k.startsWith('DELETE '))
    .reduce((n, [, c]) => n + c, 0);

describe('sonar-migrate rollback', () => {
  it('leaves the simulator as it was before the load, and marks every created record rolled back', async () => {
    // 45 accounts: every step has records, and account 10040 has sub-accounts (10038, 10039).
    const { dir, sim, before, env } = await loadedSample(45);
    expect(mutableState(sim).accounts.length).toBe(45);
    const io = captureIo({ cwd: dir, env });
    const code = await runCommand(['rollback', '--config', 'migration.json', '--yes'], io);
    expect(io.err()).not.toContain('error');
    expect(code).toBe(0);
    expect(mutableState(sim)).toEqual(before);
    const db = openStateDb(join(dir, 'state.db'));
    const journal = new Journal(db);
    expect([...journal.entries(undefined, 'loaded')]).toEqual([]);
    expect(journal.runs().map((r) => r.command)).toEqual(['load', 'rollback']);
    db.close();
    expect(io.out()).toMatch(/accounts\s+deleted 45,/);
    expect(io.out()).toMatch(/ip_assignments\s+deleted 3,/);
  });

  it('is idempotent: a second rollback finds nothing to delete and sends no request', async () => {
    const { dir, sim, env } = await loadedSample(12);
    expect(
      await runCommand(['rollback', '--config', 'migration.json', '--yes'], captureIo({ cwd: dir, env })),
    ).toBe(0);
    sim.resetRequestCounts();
    const io = captureIo({ cwd: dir, env });
    expect(await runCommand(['rollback', '--config', 'migration.json', '--yes'], io)).toBe(0);
    expect(io.out()).toContain('Nothing to roll back');
    expect(sim.requestCounts()).toEqual({});
  });

  it('never deletes an account that was already in Sonar before the load (adopted), and says so', async () => {
    const dir = copySample({ accounts: 12 });
    sim = await startSimulator();
    const env = { SONAR_URL: sim.url, SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'sonar' };
    // Created outside the journal with the sample's id and name: the load adopts it.
    const created = await fetch(`${sim.apiUrl}/accounts`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('admin:sonar').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        id: 10001,
        name: 'Kevin Beer',
        account_type_id: 1,
        account_status_id: 2,
        line1: '7098 Emelia Meadow',
        city: 'Ann Arbor',
        state: 'Michigan',
        county: 'Washtenaw Co.',
        zip: '48103',
        country: 'US',
        latitude: 42.2898,
        longitude: -83.7719,
        contact_name: 'Kevin Beer',
        role: 'Account Holder',
        email_message_categories: [],
      }),
    });
    expect(created.status).toBe(201);
    const dateBefore = sim.state.accounts.get(10001)?.next_bill_date;
    await loadSample(dir, sim);
    // The load set the adopted account's next bill date (the input has one): rollback puts it back.
    expect(sim.state.accounts.get(10001)?.next_bill_date).not.toBe(dateBefore);
    const io = captureIo({ cwd: dir, env });
    expect(await runCommand(['rollback', '--config', 'migration.json', '--yes'], io)).toBe(0);
    expect(sim.state.accounts.list().map((a) => a.id)).toEqual([10001]);
    expect(sim.state.accounts.get(10001)?.next_bill_date).toBe(dateBefore);
    expect(io.out()).toMatch(/next_bill_dates +deleted 0, already gone 0, restored 1,/);
    expect(io.out()).toMatch(
      /\d+ record\(s\) were already in Sonar before the load \(adopted\): never deleted\./,
    );
  });

  it('refuses without a terminal unless --yes or SONAR_MIGRATE_YES=1, deleting nothing', async () => {
    const { dir, sim, env } = await loadedSample(12);
    const accounts = sim.state.accounts.list().length;
    const io = captureIo({ cwd: dir, env });
    expect(await runCommand(['rollback', '--config', 'migration.json'], io)).toBe(2);
    expect(io.err()).toContain(
      'error CONFIG_CONFIRMATION_REQUIRED: rollback deletes records in Sonar at 127.0.0.1:',
    );
    expect(deletes(sim.requestCounts())).toBe(0);
    expect(sim.state.accounts.list()).toHaveLength(accounts);
    const viaEnv = captureIo({ cwd: dir, env: { ...env, SONAR_MIGRATE_YES: '1' } });
    expect(await runCommand(['rollback', '--config', 'migration.json'], viaEnv)).toBe(0);
    expect(sim.state.accounts.list()).toHaveLength(0);
  });

  it('asks on a terminal for the host name, and cancels on any other answer', async () => {
    const { dir, sim, env } = await loadedSample(12);
    const host = new URL(sim.url).host;
    const answer = (text: string) => {
      const stdin = Object.assign(new PassThrough(), { isTTY: true });
      stdin.end(`${text}\n`);
      return captureIo({ cwd: dir, env, stdin });
    };
    const wrong = answer('yes');
    expect(await runCommand(['rollback', '--config', 'migration.json'], wrong)).toBe(2);
    expect(wrong.err()).toContain(`Type the host name (${host}) to delete them:`);
    expect(wrong.err()).toContain('Rollback cancelled: nothing was deleted.');
    expect(deletes(sim.requestCounts())).toBe(0);
    const right = answer(host);
    expect(await runCommand(['rollback', '--config', 'migration.json'], right)).toBe(0);
    expect(sim.state.accounts.list()).toHaveLength(0);
  });

  it('refuses to start while another run holds the journal lock', async () => {
    const { dir, env, sim } = await loadedSample(3);
    const release = acquireLock(join(dir, 'state.db'), 'load');
    try {
      const io = captureIo({ cwd: dir, env });
      expect(await runCommand(['rollback', '--config', 'migration.json', '--yes'], io)).toBe(2);
      expect(io.err()).toMatch(/error JOURNAL_LOCKED: .*the journal is in use by "load" \(pid \d+/);
      expect(deletes(sim.requestCounts())).toBe(0);
    } finally {
      release();
    }
  });

  it('exits 2 with JOURNAL_MISSING when nothing was ever loaded with the configuration', async () => {
    const dir = copySample();
    writeFileSync(join(dir, 'migration.json'), JSON.stringify({ state: 'none.db' }));
    const io = captureIo({
      cwd: dir,
      env: { SONAR_URL: 'http://127.0.0.1:9', SONAR_USERNAME: 'a', SONAR_PASSWORD: 'bbbb' },
    });
    expect(await runCommand(['rollback', '--config', 'migration.json', '--yes'], io)).toBe(2);
    expect(io.err()).toContain('error JOURNAL_MISSING');
  });
});
