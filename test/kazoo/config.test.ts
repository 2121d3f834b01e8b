import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { ConfigError } from '../../src/errors/index.js';
import { makeTempDir } from '../helpers/io.js';
import { ACCOUNT_A, fixtureDir } from './kazoo-fixtures.js';

/** Writes a migration file with this `kazoo` section (and crosswalks) beside copies of the exports. */
function writeConfig(kazoo: unknown, crosswalks: unknown = {}): string {
  const dir = makeTempDir('sonar-migrate-kazoo-config-');
  copyFileSync(join(fixtureDir, 'phone_numbers.json'), join(dir, 'phone_numbers.json'));
  copyFileSync(join(fixtureDir, 'services.json'), join(dir, 'services.json'));
  const path = join(dir, 'migration.json');
  writeFileSync(path, JSON.stringify({ kazoo, crosswalks }, null, 2));
  return path;
}

async function configError(path: string): Promise<ConfigError> {
  try {
    await loadConfig(path);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the kazoo section of the migration file', () => {
  it('resolves a saved export with a named account crosswalk and rate centers by NPA', async () => {
    const path = writeConfig(
      {
        file: 'phone_numbers.json',
        services_file: 'services.json',
        account_id: ACCOUNT_A,
        account_crosswalk: 'kazoo_accounts',
        rate_center: { default: 7, by_npa: { '206': 'Seattle, WA' } },
        voice_service: 31,
        services_crosswalk: { 'phone_numbers.did_us': 41, devices: false },
      },
      { kazoo_accounts: { [ACCOUNT_A]: 1001 } },
    );
    const config = await loadConfig(path);
    expect(config.kazoo).toEqual({
      numbers: {
        kind: 'file',
        path: join(path, '..', 'phone_numbers.json'),
        displayName: 'phone_numbers.json',
      },
      services: { kind: 'file', path: join(path, '..', 'services.json'), displayName: 'services.json' },
      accountId: ACCOUNT_A,
      accounts: { [ACCOUNT_A]: '1001' },
      rateCenter: { default: 7, byNpa: { '206': 'Seattle, WA' } },
      voiceService: 31,
      servicesCrosswalk: { 'phone_numbers.did_us': 41, devices: false },
      pageSize: 500,
    });
  });

  it('resolves a live source; the token is never part of the file', async () => {
    const config = await loadConfig(
      writeConfig({ url: 'https://kazoo.example:8443/v2/', account_id: ACCOUNT_A, rate_center: 'Main' }),
    );
    expect(config.kazoo?.numbers).toEqual({
      kind: 'live',
      url: 'https://kazoo.example:8443/v2',
      accountId: ACCOUNT_A,
    });
    expect(config.kazoo?.rateCenter).toEqual({ default: 'Main', byNpa: {} });
  });

  it('needs exactly one of file and url, and account_id with url', async () => {
    const both = await configError(
      writeConfig({ file: 'phone_numbers.json', url: 'https://k/v2', rate_center: 1 }),
    );
    expect(both.code).toBe('CONFIG_INVALID');
    expect(both.message).toMatch(/kazoo\.file needs exactly one of "file" .* or "url"/);
    const noAccount = await configError(writeConfig({ url: 'https://k.example/v2', rate_center: 1 }));
    expect(noAccount.message).toMatch(/kazoo\.account_id is required with "url"/);
  });

  it('refuses plain http to another machine, since the token would travel in clear', async () => {
    const error = await configError(
      writeConfig({ url: 'http://kazoo.example:8000/v2', account_id: ACCOUNT_A, rate_center: 1 }),
    );
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/kazoo\.url uses plain http:\/\/ to another machine/);
    const loopback = await loadConfig(
      writeConfig({ url: 'http://127.0.0.1:8000/v2', account_id: ACCOUNT_A, rate_center: 1 }),
    );
    expect(loopback.kazoo?.numbers.kind).toBe('live');
  });

  it('reports a missing export, a voice service missing beside the account crosswalk, and a misspelt key', async () => {
    const error = await configError(
      writeConfig({
        file: 'nope.json',
        rate_centre: 1,
        account_crosswalk: { [ACCOUNT_A]: 'ACC-1' },
      }),
    );
    expect(error.message).toMatch(/kazoo\.rate_centre is not a known key — did you mean "rate_center"\?/);
    expect(error.message).toMatch(/kazoo\.voice_service is required with "account_crosswalk"/);
  });

  it('needs the summarised account in the account crosswalk when services are mapped', async () => {
    const error = await configError(
      writeConfig({
        file: 'phone_numbers.json',
        services_file: 'services.json',
        account_id: ACCOUNT_A,
        rate_center: 1,
        services_crosswalk: { phone_numbers: 41 },
      }),
    );
    expect(error.message).toMatch(/kazoo\.account_crosswalk has no Sonar account for the Kazoo account/);
  });

  it('names a missing export file with CONFIG_FILE_MISSING', async () => {
    const error = await configError(writeConfig({ file: 'nope.json', rate_center: 1 }));
    expect(error.code).toBe('CONFIG_FILE_MISSING');
    expect(error.message).toMatch(/kazoo\.file: the file "nope\.json" .* does not exist/);
  });
});
