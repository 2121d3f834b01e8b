import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../src/cli/main.js';
import { radiusGroupSchema } from '../../src/sonar/schemas/index.js';
import { captureIo } from '../helpers/io.js';
import { startTestSimulator, testClient } from '../loaders/harness.js';
import { replyCsv, settingsCsv } from '../validate/radius-fixtures.js';
import { copySmallSample, runIn } from './load-helpers.js';
import { accountRow, accountsHeader, csv, migrationJson, writeFixture } from './validate-fixtures.js';

/** The small sample plus the two RADIUS inputs (one reply row with a refused operator). */
function sampleWithRadius(): string {
  const dir = copySmallSample(['10048']);
  writeFileSync(join(dir, 'radgroupreply.csv'), `${replyCsv}5,Business 100M,Session-Timeout,!=,60\n`);
  writeFileSync(join(dir, 'radius_group_settings.csv'), settingsCsv);
  const config = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8'));
  config.inputs.radius_groups = 'radgroupreply.csv';
  config.inputs.radius_group_settings = 'radius_group_settings.csv';
  writeFileSync(join(dir, 'migration.json'), JSON.stringify(config));
  return dir;
}

describe('RADIUS inputs through the CLI', () => {
  it('validate reports the refused operator in radius_groups.rejected.csv and load creates the valid group, first of all steps', async () => {
    const sim = await startTestSimulator();
    try {
      const dir = sampleWithRadius();
      const validated = await runIn(dir, sim, ['validate', '--config', 'migration.json']);
      expect(validated.out).toContain('MAP_RADIUS_OPERATOR');
      const rejected = join(dir, 'reports', 'radius_groups.rejected.csv');
      expect(existsSync(rejected)).toBe(true);
      expect(readFileSync(rejected, 'utf8')).toContain('Session-Timeout');
      const loaded = await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
      // Exit 1: a row was rejected; the rest loaded, RADIUS groups first.
      expect(loaded.code).toBe(1);
      expect(loaded.out).toMatch(/step[^\n]*\nradius_groups\s+1\s+1\s/);
      expect(sim.state.radiusGroups.list().map((g) => g.name)).toEqual(['Residential 25M']);
      expect(sim.state.radiusAttributes.rows.size).toBe(2);
    } finally {
      await sim.close();
    }
  }, 30_000);
});

describe('RADIUS groups in plan', () => {
  it('counts a group Sonar already has by name as adopted, and load adopts it instead of creating another', async () => {
    const sim = await startTestSimulator();
    const client = testClient(sim);
    try {
      const dir = sampleWithRadius();
      await client.post(
        '/network/provisioning/radius_groups',
        { name: 'Residential 25M', priority: 5 },
        radiusGroupSchema,
      );
      const planned = await runIn(dir, sim, ['plan', '--config', 'migration.json']);
      expect(planned.err).toContain('Reading reference data');
      const plan = JSON.parse(readFileSync(join(dir, 'reports', 'plan.json'), 'utf8'));
      expect(plan.steps.find((s: { step: string }) => s.step === 'radius_groups')).toMatchObject({
        create: 0,
        adopt: 1,
      });
      await runIn(dir, sim, ['load', '--config', 'migration.json', '--yes']);
      expect(sim.state.radiusGroups.list().map((g) => g.name)).toEqual(['Residential 25M']);
    } finally {
      await client.close();
      await sim.close();
    }
  }, 30_000);
});

describe('IP assignment checks through validate', () => {
  it('reports overlapping subnets, and with --reference a missing service_id on an account with two data services', async () => {
    const reference = {
      services: [
        { id: 1, name: 'Internet 100', type: 'recurring', amount: 50, data_service: true },
        { id: 2, name: 'Internet 500', type: 'recurring', amount: 90, data_service: true },
      ],
    };
    const dir = writeFixture({
      'migration.json': migrationJson(['accounts', 'services', 'ip_assignments']),
      'reference.json': JSON.stringify(reference),
      'accounts.csv': csv([accountsHeader, accountRow(101)]),
      'services.csv': csv([
        [101, 1, '', '', 1, ''],
        [101, 2, '', '', 1, ''],
      ]),
      'ip_assignments.csv': csv([
        [101, '192.0.2.8/29', 'block', 1],
        [101, '192.0.2.9', 'inside the block', 2],
        [101, '198.51.100.1', 'no service', ''],
      ]),
    });
    const validate = async (...args: string[]) => {
      const io = captureIo({ cwd: dir });
      const code = await runCommand(['validate', '--config', 'migration.json', '--json', ...args], io);
      return { code, report: JSON.parse(io.out()) };
    };
    const without = await validate();
    expect(without.report.rejections).toEqual([
      expect.objectContaining({ code: 'MAP_IP_OVERLAP', file: 'ip_assignments.csv', row: 2, column: 'B' }),
    ]);
    expect(without.report.notes.join(' ')).toContain('missing service_id');
    const withRef = await validate('--reference', 'reference.json');
    expect(withRef.code).toBe(1);
    expect(withRef.report.rejections).toEqual([
      expect.objectContaining({ code: 'MAP_IP_OVERLAP', row: 2 }),
      expect.objectContaining({ code: 'MAP_IP_SERVICE_REQUIRED', row: 3, column: 'D' }),
      // The overlapping row was not checked for its service: said in the same pass.
      expect.objectContaining({
        code: 'MAP_NOT_CHECKED',
        row: 2,
        message:
          "ip_assignments.csv:2 (legacy ip_assignments:192.0.2.9/32): not checked, as the row was refused by MAP_IP_OVERLAP: the IP's service — these run when the fixed row is fed back",
      }),
    ]);
  });
});
