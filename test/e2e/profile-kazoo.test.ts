import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { copySmallSample, runIn } from '../cli/load-helpers.js';
import { fixtureDir } from '../kazoo/kazoo-fixtures.js';
import { startTestSimulator } from '../loaders/harness.js';

// Kazoo account → the sample's legacy account it is billed on, and that account's name in Sonar.
const crosswalk: Record<string, { legacy: string; name: string }> = {
  '6c1a4f2e8b9d4e7fa0b3c5d7e9f1a2b4': { legacy: '10002', name: 'Loren Dietrich' },
  d4e5f60718293a4b5c6d7e8f90a1b2c3: { legacy: '10006', name: 'Wallace Bernhard' },
  '0f9e8d7c6b5a49382716a5b4c3d2e1f0': { legacy: '10010', name: 'Lottie Schamberger' },
};
// The simulator's seeded rate centers (src/simulator/seed.ts), named as a user would.
const rateCenters: Record<string, { id: number; name: string }> = {
  '920': { id: 1, name: 'Green Bay, WI' },
  '512': { id: 3, name: 'Austin, TX' },
  '716': { id: 4, name: 'Buffalo, NY' },
};
const VOICE_SERVICE = 10; // "Home Phone Unlimited", on each of the three accounts in services.csv
const SEAT_SERVICE = 11; // "Business Voice Line": what the Kazoo users of an account are billed as

type Listing = { data: { numbers: Record<string, { assigned_to: string; state: string }> } };

describe('a multi-account Kazoo phone_numbers export, unchanged, validated then loaded', () => {
  let sim: RunningSimulator;
  let dir: string;
  let validate: { code: number; out: string; err: string };
  let load: { code: number; out: string; err: string };
  const exportFile = 'phone_numbers-by-account.json';
  const servicesFile = 'services-by-account.json';

  beforeAll(async () => {
    sim = await startTestSimulator();
    dir = copySmallSample(Object.values(crosswalk).map((a) => a.legacy));
    copyFileSync(join(fixtureDir, exportFile), join(dir, exportFile));
    copyFileSync(join(fixtureDir, servicesFile), join(dir, servicesFile));
    const config = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8')) as {
      inputs: Record<string, string>;
    };
    // The DIDs come from Kazoo only, so Sonar's DIDs can be checked against the export alone.
    delete config.inputs.did_inventory;
    delete config.inputs.dids;
    const kazoo = {
      file: exportFile,
      account_crosswalk: Object.fromEntries(Object.entries(crosswalk).map(([k, a]) => [k, a.legacy])),
      rate_center: { by_npa: Object.fromEntries(Object.entries(rateCenters).map(([n, rc]) => [n, rc.name])) },
      voice_service: VOICE_SERVICE,
      services_file: servicesFile,
      // Users are billed as voice lines; numbers and devices are not billed on their own.
      services_crosswalk: { users: SEAT_SERVICE, phone_numbers: false, devices: false },
    };
    writeFileSync(join(dir, 'migration.json'), JSON.stringify({ ...config, kazoo }, null, 2));
    validate = await runIn(dir, sim, ['validate', '--config', 'migration.json']);
    load = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
  }, 120_000);

  afterAll(async () => {
    await sim?.close();
  });

  it('validates with nothing rejected and loads with nothing failed', () => {
    expect(validate.err).toBe('');
    expect(validate.code, validate.out).toBe(0);
    expect(load.code, load.out + load.err).toBe(0);
  });

  it('puts every number of the export into the DID inventory with the rate center of its area code', () => {
    const listings = JSON.parse(readFileSync(join(fixtureDir, exportFile), 'utf8')) as Record<
      string,
      Listing
    >;
    const expected = Object.values(listings)
      .flatMap((l) => Object.keys(l.data.numbers))
      .map((e164) => ({ did: e164.slice(2), rate_center_id: rateCenters[e164.slice(2, 5)]?.id }))
      .sort((a, b) => a.did.localeCompare(b.did));
    const got = sim.state.dids
      .list()
      .map((d) => ({ did: d.did, rate_center_id: d.rate_center_id }))
      .sort((a, b) => a.did.localeCompare(b.did));
    expect(got).toEqual(expected);
    expect(got).toHaveLength(6);
  });

  it('assigns each in-service number to the voice service on the Sonar account its Kazoo account maps to, and leaves reserved ones unassigned', () => {
    const listings = JSON.parse(readFileSync(join(fixtureDir, exportFile), 'utf8')) as Record<
      string,
      Listing
    >;
    const accountIdByName = new Map(sim.state.accounts.list().map((a) => [a.name, a.id]));
    const expected = Object.entries(listings)
      .flatMap(([kazooAccount, l]) =>
        Object.entries(l.data.numbers).map(([e164, doc]) => {
          const owner = crosswalk[doc.assigned_to ?? kazooAccount];
          const inService = doc.state === 'in_service';
          return {
            did: e164.slice(2),
            account_id: inService ? accountIdByName.get(owner?.name ?? '') : null,
            service_id: inService ? VOICE_SERVICE : null,
          };
        }),
      )
      .sort((a, b) => a.did.localeCompare(b.did));
    const got = sim.state.dids
      .list()
      .map((d) => ({ did: d.did, account_id: d.account_id, service_id: d.service_id }))
      .sort((a, b) => a.did.localeCompare(b.did));
    expect(got).toEqual(expected);
    // Five in service across three accounts, one reserved.
    expect(got.filter((d) => d.account_id === null).map((d) => d.did)).toEqual(['9202000103']);
    expect(new Set(got.map((d) => d.account_id).filter((id) => id !== null)).size).toBe(3);
  });

  it('bills each account the sum of its own Kazoo users, from its own services summary', () => {
    type Summary = { data: { quantities: Record<string, unknown> } };
    const summaries = JSON.parse(readFileSync(join(fixtureDir, servicesFile), 'utf8')) as Record<
      string,
      Summary
    >;
    const accountIdByName = new Map(sim.state.accounts.list().map((a) => [a.name, a.id]));
    const expected = Object.entries(summaries)
      .map(([kazooAccount, summary]) => {
        // 4.x nests the account's own counts under quantities.account; 3.x has them directly.
        const q = summary.data.quantities;
        const own = ('account' in q ? q.account : q) as Record<string, Record<string, number>>;
        const users = Object.values(own.users ?? {}).reduce((sum, n) => sum + n, 0);
        return { account_id: accountIdByName.get(crosswalk[kazooAccount]?.name ?? ''), quantity: users };
      })
      .sort((a, b) => Number(a.account_id) - Number(b.account_id));
    const got = sim.state.accountServices
      .list()
      .filter((s) => s.service_id === SEAT_SERVICE)
      .map((s) => ({ account_id: s.account_id, quantity: s.quantity }))
      .sort((a, b) => a.account_id - b.account_id);
    expect(got).toEqual(expected);
    expect(got.map((s) => s.quantity)).toEqual([2, 2, 1]);
  });

  it('leaves no record failed or in flight in the journal', async () => {
    const status = await runIn(dir, sim, ['status', '--config', 'migration.json', '--json']);
    expect(status.code, status.out + status.err).toBe(0);
    type StepCounts = { step: string; staged: number; loaded: number } & Record<string, number>;
    const { steps } = JSON.parse(status.out) as { steps: StepCounts[] };
    const dids = steps.filter((s) => s.step === 'did_inventory' || s.step === 'dids');
    expect(dids.map((s) => [s.step, s.staged, s.loaded, s.rejected])).toEqual([
      ['did_inventory', 6, 6, 0],
      ['dids', 5, 5, 0],
    ]);
    for (const s of steps) {
      expect([s.step, s.rejected, s.pending, s.in_flight, s.failed, s.loaded]).toEqual([
        s.step,
        0,
        0,
        0,
        0,
        s.staged,
      ]);
    }
  });
});
