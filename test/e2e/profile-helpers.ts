import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSimulator } from '../../src/simulator/server.js';
import { runIn } from '../cli/load-helpers.js';
import { makeTempDir } from '../helpers/io.js';

/** A built-in profile's fixture export, unchanged, in a fresh temp dir (with a short quiet period). */
export function copyProfileFixture(name: string): string {
  const dir = makeTempDir(`sonar-migrate-profile-${name.replaceAll('/', '-')}-`);
  cpSync(join('test/fixtures/profiles', name), dir, { recursive: true });
  const configPath = join(dir, 'migration.json');
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  // The simulator finishes every write before it answers: a short quiet period keeps the run fast.
  writeFileSync(configPath, JSON.stringify({ ...config, quietPeriodSeconds: 0.05 }, null, 2));
  return dir;
}

/** Runs validate, then load, as a user would; returns validate's rejections as [input, code, row, column]. */
export async function validateThenLoad(dir: string, sim: RunningSimulator) {
  const validate = await runIn(dir, sim, ['validate', '--config', 'migration.json']);
  const report = JSON.parse(readFileSync(join(dir, 'reports', 'validation.json'), 'utf8')) as {
    rejections: Array<{ input: string; code: string; row: number; column?: string }>;
  };
  const load = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
  const status = await runIn(dir, sim, ['status', '--config', 'migration.json']);
  return {
    validate,
    load,
    status,
    rejections: report.rejections.map((r) => [r.input, r.code, r.row, r.column ?? '']),
  };
}

/** What Sonar (the simulator) holds for the account named `name`, as plain values for exact checks. */
export function heldAccount(sim: RunningSimulator, name: string) {
  const s = sim.state;
  const account = s.accounts.list().find((a) => a.name === name);
  if (!account) throw new Error(`no account named ${name} in the simulator`);
  const of = <T extends { account_id: number }>(rows: T[]) => rows.filter((r) => r.account_id === account.id);
  const strip = <T extends { id: number; account_id: number }>(row: T) => {
    const { id: _id, account_id: _account, ...rest } = row;
    return rest;
  };
  return {
    account,
    addresses: of(s.addresses.list()).map(strip),
    contacts: of(s.contacts.list()).map(strip),
    paymentMethods: of(s.paymentMethods.list()).map(strip),
    services: of(s.accountServices.list()).map(strip),
    billing: s.billingParameters.get(account.id),
  };
}
