import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import type { SimAccount } from '../../src/simulator/state.js';
import { captureIo, makeTempDir } from '../helpers/io.js';
import { simAccount } from '../helpers/sim-account.js';

const sample = join(import.meta.dirname, '../../samples/sonar-importer');
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The sonar-importer sample copied into a temp dir, and a running simulator to plan against. */
async function setup() {
  const dir = makeTempDir('sonar-migrate-plan-');
  cpSync(sample, dir, { recursive: true });
  // A subset of the sample's inputs: enough for every kind of conflict, and quick to stage.
  const inputs = ['accounts', 'contacts', 'services', 'did_inventory', 'dids'];
  writeFileSync(
    join(dir, 'migration.json'),
    JSON.stringify({
      profile: 'sonar-importer',
      inputs: Object.fromEntries(inputs.map((i) => [i, `${i}.csv`])),
    }),
  );
  sim = await startSimulator();
  const io = captureIo({
    cwd: dir,
    env: { SONAR_URL: sim.url, SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'sonar' },
  });
  return { dir, sim, io };
}

function account(id: number, name: string): SimAccount {
  return simAccount(id, name, { account_status_id: 2 });
}

const writes = (counts: Record<string, number>) => Object.keys(counts).filter((k) => !k.startsWith('GET '));

describe('sonar-migrate plan', () => {
  it('plans every sample record for creation on a fresh Sonar, sending no write', async () => {
    const { dir, sim, io } = await setup();
    const code = await runCommand(['plan', '--config', 'migration.json'], io);
    expect(io.err()).not.toContain('error');
    expect(code).toBe(0);
    expect(writes(sim.requestCounts())).toEqual([]);
    // One page of existing accounts: the fresh Sonar has none.
    expect(sim.requestCounts()['GET /accounts']).toBe(1);
    const plan = JSON.parse(readFileSync(join(dir, 'reports', 'plan.json'), 'utf8'));
    expect(plan.ok).toBe(true);
    expect(plan.target).toBe(sim.url);
    const accounts = plan.steps.find((s: { step: string }) => s.step === 'accounts');
    expect(accounts).toMatchObject({ create: 200, adopt: 0, conflict: 0, rejected: 0 });
    expect(plan.steps.find((s: { step: string }) => s.step === 'dids')).toMatchObject({
      create: 26,
      conflict: 0,
    });
    expect(plan.steps.find((s: { step: string }) => s.step === 'did_inventory')).toMatchObject({
      create: 33,
    });
    expect(io.out()).toMatch(/^accounts\s+200\s+0\s+0\s+0\s+0\s+0\s+0$/m);
    expect(io.out()).toContain('Wrote reports/plan.json');
  });

  it('adopts an account already in Sonar under the same name and reports one held by another name as a conflict', async () => {
    const { dir, sim, io } = await setup();
    sim.state.accounts.insert(account(10001, 'Kevin Beer'));
    sim.state.accounts.insert(account(10002, 'Somebody Else'));
    const code = await runCommand(['plan', '--config', 'migration.json'], io);
    expect(code).toBe(1);
    expect(writes(sim.requestCounts())).toEqual([]);
    const plan = JSON.parse(readFileSync(join(dir, 'reports', 'plan.json'), 'utf8'));
    expect(plan.ok).toBe(false);
    expect(plan.steps.find((s: { step: string }) => s.step === 'accounts')).toMatchObject({
      create: 198,
      adopt: 1,
      conflict: 1,
    });
    expect(plan.conflicts).toEqual([
      {
        step: 'accounts',
        legacyKey: '10002',
        code: 'PLAN_CONFLICT',
        message: expect.stringMatching(
          /^accounts\.csv:3 \(legacy 10002\): account id 10002 is already in Sonar as "Somebody Else", not "Loren Dietrich"/,
        ),
      },
    ]);
    // The conflicting account's records wait on it; the adopted one's are looked up first.
    const services = plan.steps.find((s: { step: string }) => s.step === 'services');
    expect(services).toMatchObject({ create: 274, lookup: 1, blocked: 2 });
    expect(services.create + services.blocked + services.lookup).toBe(277);
    expect(io.out()).toContain('Conflicts — load will not start until they are resolved (1)');
  });

  it('reads no account list once every staged account is loaded (the final delta of a cutover)', async () => {
    const { dir, sim, io } = await setup();
    expect(await runCommand(['load', '--config', 'migration.json', '--yes'], io)).toBe(0);
    expect(sim.state.accounts.list()).toHaveLength(200);
    sim.resetRequestCounts();
    expect(await runCommand(['plan', '--config', 'migration.json'], io)).toBe(0);
    // Only accounts the journal has not loaded could be adopted: none here, so none is read.
    expect(sim.requestCounts()['GET /accounts']).toBeUndefined();
    expect(sim.requestCounts()['GET /accounts/:id']).toBeUndefined();
    const plan = JSON.parse(readFileSync(join(dir, 'reports', 'plan.json'), 'utf8'));
    expect(plan.steps.find((s: { step: string }) => s.step === 'accounts')).toMatchObject({
      create: 0,
      adopt: 0,
      done: 200,
    });
  });

  it('reports a DID already assigned to another account as a conflict', async () => {
    const { dir, sim, io } = await setup();
    sim.state.accounts.insert(account(500, 'Elsewhere'));
    sim.state.dids.insert({ id: 1, did: '9202000003', account_id: 500, service_id: 10, rate_center_id: 2 });
    expect(await runCommand(['plan', '--config', 'migration.json'], io)).toBe(1);
    expect(writes(sim.requestCounts())).toEqual([]);
    const plan = JSON.parse(readFileSync(join(dir, 'reports', 'plan.json'), 'utf8'));
    expect(plan.conflicts.map((c: { step: string; legacyKey: string }) => [c.step, c.legacyKey])).toEqual([
      ['dids', 'dids:9202000003'],
    ]);
    expect(plan.conflicts[0].message).toContain('DID 9202000003 is already assigned to Sonar account 500');
    expect(plan.steps.find((s: { step: string }) => s.step === 'did_inventory')).toMatchObject({ adopt: 1 });
  });

  it('exits 2 naming the variable when the Sonar target is not set', async () => {
    const { io: base, dir } = await setup();
    const io = captureIo({ cwd: dir, env: {} });
    expect(base.out()).toBe('');
    expect(await runCommand(['plan', '--config', 'migration.json'], io)).toBe(2);
    expect(io.err()).toContain(
      'error CONFIG_ENV_MISSING: SONAR_URL, SONAR_USERNAME, SONAR_PASSWORD are not set',
    );
  });
});
