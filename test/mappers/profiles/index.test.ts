import { describe, expect, it } from 'vitest';
import type { MigrationConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors/index.js';
import { builtinProfiles, resolveProfile } from '../../../src/mappers/profiles/index.js';

const config = (profile?: MigrationConfig['profile']): MigrationConfig => ({
  configPath: '/tmp/migration.json',
  ...(profile ? { profile } : {}),
  inputs: {},
  state: '/tmp/state.db',
  reports: '/tmp/reports',
  concurrency: 8,
  crosswalks: {},
  prorate: false,
  allowPastNextBillDates: false,
});

describe('resolveProfile', () => {
  it('lists the built-in profiles with a one-line description', () => {
    expect(builtinProfiles.map((p) => p.name)).toEqual(['sonar-importer', 'templates']);
    for (const p of builtinProfiles) expect(p.description.length).toBeGreaterThan(20);
  });

  it('resolves a built-in profile by name, and sonar-importer when none is named', async () => {
    expect((await resolveProfile(config({ kind: 'builtin', name: 'templates' }))).name).toBe('templates');
    expect((await resolveProfile(config())).name).toBe('sonar-importer');
  });

  it('every built-in profile maps every input but RADIUS groups', async () => {
    for (const { profile } of builtinProfiles) {
      expect(Object.keys(profile.inputs).sort()).toEqual(
        [
          'accounts',
          'addresses',
          'bank_accounts',
          'billing_parameters',
          'contacts',
          'credit_cards',
          'did_inventory',
          'dids',
          'ip_assignments',
          'next_bill_dates',
          'services',
        ].sort(),
      );
    }
  });

  it('refuses an unknown built-in name with a ConfigError', async () => {
    const error = await resolveProfile(config({ kind: 'builtin', name: 'optigold' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('profile "optigold" is not a built-in profile');
  });
});
