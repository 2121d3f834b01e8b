import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/journal/journal.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { openStateDb } from '../../src/store/database.js';
import { copySmallSample, runIn } from '../cli/load-helpers.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());

describe('verify after a load that left records out', () => {
  it('names every staged record Sonar does not hold because it was never loaded, and counts it in the totals', async () => {
    const dir = copySmallSample(['10001', '10002', '10003', '10004']);
    // Sonar refuses one account and one contact for good: the account's own records are skipped.
    sim.faults.failNext({ method: 'POST', pattern: '/accounts', status: 422, message: 'refused' });
    sim.faults.failNext({
      method: 'POST',
      pattern: '/accounts/:account_id/contacts',
      status: 422,
      message: 'refused',
    });
    const load = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes', '--concurrency', '1']);
    expect(load.code).toBe(1);
    const db = openStateDb(join(dir, 'state.db'));
    const notLoaded = [...new Journal(db).entries()].filter((e) => e.state !== 'loaded');
    db.close();
    const expected = notLoaded.map((e) => [
      e.legacyKey,
      e.sonarId ?? '',
      e.step,
      '(record)',
      'present',
      `not loaded (${e.state})`,
    ]);
    expect(notLoaded.filter((e) => e.step === 'accounts')).toHaveLength(1);
    expect(notLoaded.filter((e) => e.step === 'contacts' && e.state === 'failed')).toHaveLength(1);

    const { code } = await runIn(dir, sim, ['verify', '--config', 'migration.json']);
    expect(code).toBe(1);
    const text = readFileSync(join(dir, 'reports', 'verify.csv'), 'utf8').replace(/^\uFEFF/, '');
    const rows = (parse(text) as string[][]).slice(1);
    const recordRows = rows.filter((r) => r[2] !== 'totals' && r[3] !== 'monthly recurring revenue');
    expect(recordRows.sort()).toEqual(expected.sort());
    const refused = notLoaded.find((e) => e.step === 'accounts')?.legacyKey;
    const revenue = rows.filter((r) => r[3] === 'monthly recurring revenue' && r[2] === 'accounts');
    expect(revenue.map((r) => [r[0], r[1], r[5]])).toEqual([[refused, '', '0.00']]);
    // The refused account (status Active, one Residential Wireless 25/5) is in the source's totals only.
    const totals = rows.filter((r) => r[2] === 'totals');
    expect(totals.slice(0, 2)).toEqual([
      ['(all)', '', 'totals', 'accounts with status Active', '4', '3'],
      ['(all)', '', 'totals', 'quantity of service Residential Wireless 25/5', '1', '0'],
    ]);
    const [, , , field, source, sonar] = totals[2] ?? [];
    expect(field).toBe('monthly recurring revenue');
    const price = sim.state.reference.services.find((s) => s.id === 1)?.amount;
    expect(Math.round((Number(source) - Number(sonar)) * 100)).toBe(Math.round(Number(price) * 100));
    expect(totals).toHaveLength(3);
  }, 60_000);
});
