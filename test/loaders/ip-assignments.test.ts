import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InputName, MigrationConfig } from '../../src/config/config.js';
import { Journal } from '../../src/journal/journal.js';
import { AimdLimiter } from '../../src/loaders/concurrency.js';
import { fetchReferenceData } from '../../src/loaders/reference-data.js';
import { runLoad } from '../../src/loaders/runner.js';
import { sonarImporterProfile } from '../../src/mappers/profiles/sonar-importer.js';
import { openStateDb } from '../../src/store/database.js';
import { StagedRecords } from '../../src/store/staged-records.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { stageInputs } from '../../src/validate/stage-inputs.js';
import { makeTempDir } from '../helpers/io.js';
import { type CrashPoint, stepsCrashingAt } from './crash-steps.js';
import { loadOnce, reopen, type StagedSample, startTestSimulator, testClient } from './harness.js';

// 25 positional cells of the importer's accounts layout: ID, Name, type, status, …, address.
const accountRow = (id: string) =>
  [id, `Customer ${id}`, '1', '2', '', '', '', '1 Main St', '', 'Green Bay', 'WI', '', '54301', 'US']
    .concat(Array.from({ length: 11 }, () => ''))
    .join(',');

/** Two accounts with one data service each and three IPs (one on a customer router's MAC). */
async function stageIps(): Promise<StagedSample> {
  const dir = makeTempDir('sonar-migrate-ip-');
  const files: Partial<Record<InputName, string>> = {
    accounts: [accountRow('1001'), accountRow('1002')].join('\n'),
    services: '1001,1,,,,\n1002,3,,,,',
    ip_assignments: [
      '1001,192.0.2.17,WAN,,aa-bb-cc-dd-ee-01',
      '1001,2001:db8:1::/64,Delegated prefix,',
      '1002,198.51.100.8/30,Small block,3',
    ].join('\n'),
  };
  const inputs: MigrationConfig['inputs'] = {};
  for (const [name, text] of Object.entries(files) as Array<[InputName, string]>) {
    writeFileSync(join(dir, `${name}.csv`), `${text}\n`);
    inputs[name] = { name, path: join(dir, `${name}.csv`), displayName: `${name}.csv`, format: 'csv' };
  }
  const config: MigrationConfig = {
    configPath: join(dir, 'migration.json'),
    inputs,
    state: join(dir, 'state.db'),
    reports: join(dir, 'reports'),
    concurrency: 1,
    crosswalks: {},
    prorate: false,
    allowPastNextBillDates: false,
  };
  const db = openStateDb(config.state);
  const staged = new StagedRecords(db);
  await stageInputs(config, sonarImporterProfile, staged);
  runCrossChecks(staged, { inputs: new Set(['accounts', 'services', 'ip_assignments']) });
  return { dir, config, db, staged, journal: new Journal(db) };
}

/** The simulator's IP assignments as `subnet mac`, sorted. */
function remoteIps(sim: Awaited<ReturnType<typeof startTestSimulator>>): string[] {
  return sim.state.ipAssignments
    .list()
    .map((r) => `${r.subnet} ${r.assigned_entity} ${r.non_inventoried_mac_address ?? '-'}`)
    .sort();
}

const expected = [
  '192.0.2.17/32 non_inventoried_mac_addresses AA:BB:CC:DD:EE:01',
  '198.51.100.8/30 accounts -',
  '2001:db8:1::/64 accounts -',
];

describe('the ip_assignments step against the simulator', () => {
  it('assigns each IP once, the MAC row as a non-inventoried MAC assignment', async () => {
    const sim = await startTestSimulator();
    try {
      const sample = await stageIps();
      expect([...sample.staged.rejections()]).toEqual([]);
      const result = await loadOnce(sample, sim);
      expect(result.steps.find((s) => s.step === 'ip_assignments')).toMatchObject({ created: 3 });
      expect(remoteIps(sim)).toEqual(expected);
    } finally {
      await sim.close();
    }
  });

  for (const point of ['before-send', 'after-commit'] as CrashPoint[]) {
    it(`resumes after a crash ${point === 'before-send' ? 'before the IP POST' : 'once Sonar committed the IP POST'}, with exactly one remote assignment per key`, async () => {
      const sim = await startTestSimulator();
      const client = testClient(sim);
      try {
        const sample = await stageIps();
        const { steps, crashed } = stepsCrashingAt('ip_assignments', point);
        void runLoad({
          client,
          journal: sample.journal,
          staged: sample.staged,
          reference: await fetchReferenceData(client),
          steps,
          concurrency: 1,
          // One account in progress: the dead run marks nothing after the crash, so exactly the
          // struck record is in flight (the radius tests cover records marked while waiting).
          inProgressPerSlot: 1,
          limiter: new AimdLimiter({ max: 1 }),
        });
        await crashed;
        expect(sample.journal.inFlight().map((e) => e.step)).toEqual(['ip_assignments']);
        const resumed = reopen(sample);
        const result = await loadOnce(resumed, sim);
        expect(result.settled).toEqual(
          point === 'after-commit'
            ? { found: 1, absent: 0, unsettled: 0 }
            : { found: 0, absent: 1, unsettled: 0 },
        );
        expect(remoteIps(sim)).toEqual(expected);
        const loaded = [...resumed.journal.entries('ip_assignments', 'loaded')];
        expect(new Set(loaded.map((e) => e.sonarId)).size).toBe(3);
      } finally {
        await client.close();
        await sim.close();
      }
    }, 15_000);
  }
});
