import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/config.js';
import { builtInProfiles } from '../../../src/config/config-schema.js';
import { ConfigError } from '../../../src/errors/index.js';
import {
  builtinMappingProfilePath,
  builtinMappingProfiles,
  listBuiltinProfiles,
  loadMappingFile,
  resolveProfile,
} from '../../../src/mappers/profiles/index.js';
import { makeTempDir } from '../../helpers/io.js';
import { fixtureDir } from './builtin-helpers.js';

describe('the shipped mapping-file profiles', () => {
  it('are built-in names the configuration accepts, listed after sonar-importer and templates', () => {
    expect(listBuiltinProfiles().map((p) => p.name)).toEqual([
      'sonar-importer',
      'templates',
      'splynx',
      'uisp-crm',
      'freeside',
      'whmcs',
      'splynx-import',
    ]);
    expect([...builtInProfiles].sort()).toEqual(
      listBuiltinProfiles()
        .map((p) => p.name)
        .sort(),
    );
  });

  it('each compile with only the crosswalks they declare, and list exactly the inputs and description of their file', async () => {
    for (const shipped of builtinMappingProfiles) {
      const path = builtinMappingProfilePath(shipped.name);
      const byInput = Object.values(shipped.inputCrosswalks ?? {}).flat();
      const tables = Object.fromEntries([...shipped.crosswalks, ...byInput].map((name) => [name, {}]));
      const profile = await loadMappingFile(path, shipped.name, tables);
      expect(Object.keys(profile.inputs).sort(), shipped.name).toEqual(Object.keys(shipped.inputs).sort());
      const raw = parse(readFileSync(path, 'utf8')) as { description: string };
      expect(raw.description, shipped.name).toBe(shipped.description);
    }
  });

  it('stops with a ConfigError naming every crosswalk the migration file lacks', async () => {
    const dir = makeTempDir();
    cpSync(fixtureDir('whmcs'), dir, { recursive: true });
    const migration = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8'));
    delete migration.crosswalks.plans;
    delete migration.crosswalks.statuses;
    writeFileSync(join(dir, 'migration.json'), JSON.stringify(migration));
    const error = await resolveProfile(await loadConfig(join(dir, 'migration.json'))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    expect((error as ConfigError).message).toContain(
      'the built-in profile "whmcs" needs the crosswalks "statuses", "plans" — add them under "crosswalks"',
    );
  });

  it('stops with a ConfigError when an export lacks a column the profile reads', async () => {
    const dir = makeTempDir();
    cpSync(fixtureDir('splynx'), dir, { recursive: true });
    const customers = readFileSync(join(dir, 'customers.csv'), 'utf8');
    writeFileSync(join(dir, 'customers.csv'), customers.replace('subdivision_id', 'state_id'));
    const error = await resolveProfile(await loadConfig(join(dir, 'migration-import.json'))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(
      'customers.csv: the mapping of accounts names column "subdivision_id", which the file does not have',
    );
  });

  it('asks for a crosswalk only one input reads (rate_centers) only when that input is configured', async () => {
    const dir = makeTempDir();
    cpSync(fixtureDir('splynx'), dir, { recursive: true });
    const migration = JSON.parse(readFileSync(join(dir, 'migration.json'), 'utf8'));
    delete migration.crosswalks.rate_centers;
    writeFileSync(join(dir, 'migration.json'), JSON.stringify(migration));
    const error = await resolveProfile(await loadConfig(join(dir, 'migration.json'))).catch(
      (e: unknown) => e,
    );
    expect((error as ConfigError).message).toContain(
      'the built-in profile "splynx" needs the crosswalk "rate_centers" — add it under "crosswalks"',
    );
    delete migration.inputs.did_inventory;
    writeFileSync(join(dir, 'migration.json'), JSON.stringify(migration));
    const profile = await resolveProfile(await loadConfig(join(dir, 'migration.json')));
    expect(profile.name).toBe('splynx');
  });
});
