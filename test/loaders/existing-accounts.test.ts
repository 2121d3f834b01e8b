import { afterEach, describe, expect, it } from 'vitest';
import { accountIdsToLookUp, existingAccountsAmong } from '../../src/loaders/existing-accounts.js';
import { planMigration } from '../../src/loaders/plan.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import type { RunningSimulator } from '../../src/simulator/server.js';
import type { SonarClient } from '../../src/sonar/client.js';
import { simAccount } from '../helpers/sim-account.js';
import { cloneSample, loadOnce, stagedTemplate, startTestSimulator, testClient } from './harness.js';

// Issue 16: plan and load read only the accounts they may adopt — staged accounts with an id of
// their own that the journal has not loaded — one GET each when that is fewer requests than the
// list's pages; nothing when there are none.

const template = stagedTemplate();

let sim: RunningSimulator | undefined;
let client: SonarClient | undefined;
afterEach(async () => {
  await client?.close();
  await sim?.close();
  sim = undefined;
  client = undefined;
});

/** A simulator holding accounts 1…count (six pages of 100 for 550), named `Account <id>`. */
async function sonarHolding(count: number): Promise<{ sim: RunningSimulator; client: SonarClient }> {
  sim = await startTestSimulator();
  for (let id = 1; id <= count; id += 1) {
    sim.state.accounts.insert(simAccount(id, `Account ${id}`));
  }
  client = testClient(sim);
  return { sim, client };
}

describe('existingAccountsAmong', () => {
  it('reads nothing for no ids', async () => {
    const rig = await sonarHolding(550);
    expect(await existingAccountsAmong(rig.client, new Set())).toEqual(new Map());
    expect(rig.sim.requestCounts()).toEqual({});
  });

  it('looks a few ids up one by one: the first page, then one GET per id not on it', async () => {
    const rig = await sonarHolding(550);
    const found = await existingAccountsAmong(rig.client, new Set([7, 420, 9999]));
    expect([...found.values()]).toEqual([
      { id: 7, name: 'Account 7' },
      { id: 420, name: 'Account 420' },
    ]);
    expect(rig.sim.requestCounts()).toEqual({ 'GET /accounts': 1, 'GET /accounts/:id': 2 });
  });

  it('reads the list when the ids are as many as its pages, keeping only those ids', async () => {
    const rig = await sonarHolding(550);
    const found = await existingAccountsAmong(rig.client, new Set([1, 101, 201, 301, 401, 9999]));
    expect([...found.keys()]).toEqual([1, 101, 201, 301, 401]);
    // The first page to learn the size, then the six pages.
    expect(rig.sim.requestCounts()).toEqual({ 'GET /accounts': 7 });
  });
});

describe('accountIdsToLookUp', () => {
  it('keeps the staged ids the journal has not loaded, read back a page at a time past 2,000', async () => {
    const sample = cloneSample(template());
    const [first] = [...sample.staged.valid('accounts')];
    if (!first) throw new Error('the template stages no account');
    // 4,500 more accounts, each with an id of its own (three pages of the temporary table).
    sample.staged.transaction(() => {
      for (let i = 0; i < 4_500; i += 1)
        sample.staged.addRecord({
          ...first,
          legacyKey: `EXTRA-${i}`,
          payload: { ...first.payload, id: 900_000 + i, name: `Extra ${i}` },
        });
    });
    const loadedKeys = new Set(['EXTRA-0', 'EXTRA-2500', 'EXTRA-4499']);
    const ids = accountIdsToLookUp(sample.staged, (key) => loadedKeys.has(key));
    const extra = [...ids].filter((id) => id >= 900_000);
    expect(extra).toHaveLength(4_497);
    expect(extra.slice(0, 2)).toEqual([900_001, 900_002]);
    expect(ids.has(902_500)).toBe(false);
    expect(ids.has(902_501)).toBe(true);
    expect(ids.has(904_499)).toBe(false);
  });
});

describe('plan against a Sonar that already holds accounts', () => {
  it('reads no account list once the journal has loaded every staged account', async () => {
    const sample = cloneSample(template());
    const rig = await sonarHolding(0);
    await loadOnce(sample, rig.sim);
    const loaded = (key: string) => sample.journal.get('accounts', key)?.state === 'loaded';
    const staged = [...sample.staged.valid('accounts')];
    expect(staged.every((r) => typeof r.payload.id === 'number')).toBe(true);
    const none = accountIdsToLookUp(sample.staged, loaded);
    expect(none.size).toBe(0);
    expect([...none]).toEqual([]);

    // A second plan (the cutover's final delta): the reference it needs costs no /accounts read.
    rig.sim.resetRequestCounts();
    const reference = await fetchReferenceData(rig.client, {
      accounts: accountIdsToLookUp(sample.staged, loaded),
    });
    const reads = rig.sim.requestCounts();
    expect(reads['GET /accounts']).toBeUndefined();
    expect(reads['GET /accounts/:id']).toBeUndefined();
    const plan = planMigration(sample.staged, reference, reference, sample.journal);
    const accounts = plan.steps.find((s) => s.step === 'accounts');
    expect(accounts).toMatchObject({ create: 0, adopt: 0, conflict: 0, done: staged.length });
  });

  it('still adopts a staged account Sonar holds under its id and name, read by that id alone', async () => {
    const sample = cloneSample(template());
    const first = [...sample.staged.valid('accounts')][0];
    const id = Number(first?.payload.id);
    const rig = await sonarHolding(0);
    rig.sim.state.accounts.insert(simAccount(id, String(first?.payload.name)));
    const ids = accountIdsToLookUp(sample.staged, () => false);
    expect(ids.has(id)).toBe(true);
    // Every staged account carries its own id: all of them, in id order, from the temporary table.
    const stagedIds = [...sample.staged.valid('accounts')].map((r) => Number(r.payload.id));
    expect([...ids]).toEqual([...new Set(stagedIds)].sort((a, b) => a - b));
    expect(ids.size).toBe(new Set(stagedIds).size);
    expect(ids.has(-1)).toBe(false);
    const reference = await fetchReferenceData(rig.client, { accounts: ids });
    expect([...reference.accounts.values()]).toEqual([{ id, name: String(first?.payload.name) }]);
    const plan = planMigration(sample.staged, reference, reference, sample.journal);
    expect(plan.steps.find((s) => s.step === 'accounts')).toMatchObject({ adopt: 1, create: ids.size - 1 });
  });
});
