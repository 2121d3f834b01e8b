import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { type RunningSimulator, startSimulator } from '../../src/simulator/server.js';
import { SimState } from '../../src/simulator/state.js';
import { captureIo, makeTempDir } from '../helpers/io.js';

const sample = join(import.meta.dirname, '../../samples/sonar-importer');
let sim: RunningSimulator | undefined;

afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The sample's accounts, services and IP assignments with extra config keys, planned against `state`. */
async function plan(extra: Record<string, unknown>, state?: SimState) {
  const dir = makeTempDir('sonar-migrate-plan-');
  cpSync(sample, dir, { recursive: true });
  const inputs = ['accounts', 'services', 'ip_assignments'];
  writeFileSync(
    join(dir, 'migration.json'),
    JSON.stringify({
      profile: 'sonar-importer',
      inputs: Object.fromEntries(inputs.map((i) => [i, `${i}.csv`])),
      ...extra,
    }),
  );
  sim = await startSimulator(state ? { state } : {});
  const io = captureIo({
    cwd: dir,
    env: { SONAR_URL: sim.url, SONAR_USERNAME: 'admin', SONAR_PASSWORD: 'sonar' },
  });
  const code = await runCommand(['plan', '--config', 'migration.json'], io);
  return { code, io };
}

describe('sonar-migrate plan: money and IPAM', () => {
  it('prints the prorate setting in force, false unless the config says true (doc ~10867)', async () => {
    const off = await plan({});
    expect(off.code).toBe(0);
    expect(off.io.out()).toContain(
      'Money: prorate: false — added services and bill-day changes are not prorated (set "prorate": true in the config to prorate). Sonar honours it only when the API user has the account super user permission.',
    );
    await sim?.close();
    const on = await plan({ prorate: true });
    expect(on.io.out()).toContain('Money: prorate: true — added services and bill-day changes are prorated');
  });

  it('stops with a conflict per IP that fits none of the target’s customer subnets or IP pools', async () => {
    const state = new SimState({
      supernets: [{ id: 1, name: 'CGNAT', subnet: '100.64.0.0/10' }],
      subnets: [{ id: 1, name: 'Customers', subnet: '100.64.1.0/29', type: 'customer', supernet_id: 1 }],
      ip_pools: [],
    });
    const { code, io } = await plan({}, state);
    expect(code).toBe(1);
    // 100.64.1.0/29 holds .1–.7: the other 17 of the 24 sample IPs are conflicts, each by file:row.
    expect(io.out()).toContain('Conflicts — load will not start until they are resolved (17)');
    expect(io.out()).toMatch(
      /ip_assignments\.csv:\d+ \(legacy [^)]+\): IP 100\.64\.1\.8\/32 fits in no customer or mixed subnet nor IP pool of this Sonar/,
    );
  });
});
