import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MigrationConfig } from '../../src/config/config.js';
import type { KazooSettings } from '../../src/config/kazoo-settings.js';
import { type KazooStandIn, startKazooStandIn } from '../../src/kazoo/stand-in.js';
import type { Profile } from '../../src/mappers/types.js';
import { runCrossChecks } from '../../src/validate/cross-checks.js';
import { stageInputs } from '../../src/validate/stage-inputs.js';
import { makeStaged } from '../store/staged-fixtures.js';
import { ACCOUNT_A, fileSettings, liveSettings, standInAccountA, TOKEN } from './kazoo-fixtures.js';

const noFiles: Profile = { name: 'none', description: 'reads no files', inputs: {} };

let standIn: KazooStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

function configWith(kazoo: KazooSettings, dir: string): MigrationConfig {
  return {
    configPath: join(dir, 'migration.json'),
    inputs: {},
    state: join(dir, 'state.db'),
    reports: dir,
    concurrency: 1,
    crosswalks: {},
    prorate: false,
    allowPastNextBillDates: false,
    kazoo,
  };
}

describe('staging a Kazoo source beside the file inputs', () => {
  it('stages numbers into did_inventory and dids and the summary into services, like file rows', async () => {
    const { staged, dir } = makeStaged();
    const result = await stageInputs(configWith(fileSettings(), dir), noFiles, staged, { batchRows: 3 });
    expect(result.inputs).toEqual([
      { input: 'did_inventory', file: 'kazoo:phone_numbers.json', read: 17 },
      { input: 'dids', file: 'kazoo:phone_numbers.json', read: 5 },
      { input: 'services', file: 'kazoo:services.json', read: 6 },
    ]);
    expect(result.sourceErrors).toEqual([]);
    expect([...staged.valid('did_inventory')]).toHaveLength(7);
    expect([...staged.valid('dids')]).toHaveLength(5);
    expect([...staged.valid('services')]).toHaveLength(4);
    expect(staged.rejectionCodeCounts()).toEqual({
      MAP_DID_UNSUPPORTED: 8,
      MAP_DID_STATE_EXCLUDED: 2,
      MAP_SERVICE_UNMAPPED: 2,
    });
  });

  it('passes the cross-file checks: every assigned DID is in the inventory and its voice service on the account', async () => {
    const { staged, dir } = makeStaged();
    const result = await stageInputs(configWith(fileSettings({ voiceService: 41 }), dir), noFiles, staged);
    const checks = runCrossChecks(staged, {
      inputs: new Set(result.inputs.map((i) => i.input)),
      voiceServices: { ids: [41], names: [] },
    });
    expect(checks.rejected).toEqual({});
    expect([...staged.valid('dids')]).toHaveLength(5);
  });

  it('stages the same records from the stand-in as from the saved exports', async () => {
    standIn = await startKazooStandIn({ token: TOKEN, accounts: { [ACCOUNT_A]: standInAccountA() } });
    const fromFile = makeStaged();
    await stageInputs(configWith(fileSettings(), fromFile.dir), noFiles, fromFile.staged);
    const fromLive = makeStaged();
    const live = await stageInputs(
      configWith(liveSettings(standIn.url, { pageSize: 5 }), fromLive.dir),
      noFiles,
      fromLive.staged,
      { env: { KAZOO_AUTH_TOKEN: TOKEN } },
    );
    expect(live.sourceErrors).toEqual([]);
    for (const step of ['did_inventory', 'dids', 'services'] as const) {
      const strip = (s: typeof fromFile.staged) =>
        [...s.valid(step)].map((r) => [r.legacyKey, r.accountKey, r.payload, r.refs]);
      expect(strip(fromLive.staged)).toEqual(strip(fromFile.staged));
    }
  });

  it('reports a live source that fails as a source error and keeps the file inputs going', async () => {
    standIn = await startKazooStandIn({ token: TOKEN, accounts: { [ACCOUNT_A]: standInAccountA() } });
    const { staged, dir } = makeStaged();
    const result = await stageInputs(configWith(liveSettings(standIn.url), dir), noFiles, staged, {
      env: { KAZOO_AUTH_TOKEN: `${TOKEN}x` },
    });
    expect(result.sourceErrors.map((e) => e.code)).toEqual(['SOURCE_KAZOO_AUTH', 'SOURCE_KAZOO_AUTH']);
    expect(result.inputs[0]?.error?.code).toBe('SOURCE_KAZOO_AUTH');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });
});
