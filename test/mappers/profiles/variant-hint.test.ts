import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { ConfigError } from '../../../src/errors/index.js';
import { resolveProfile } from '../../../src/mappers/profiles/index.js';
import { makeTempDir } from '../../helpers/io.js';
import { fixtureDir } from './builtin-helpers.js';

/** The ConfigError resolving `profile` on the Splynx fixture's files stops with, or "none". */
async function startUpError(
  profile: string,
  inputs: Record<string, string>,
  crosswalkNames = [
    'account_types',
    'statuses',
    'locations',
    'subdivisions',
    'plans',
    'internet_plans',
    'voice_plans',
  ],
): Promise<string> {
  const dir = makeTempDir('sonar-migrate-variant-');
  cpSync(fixtureDir('splynx'), dir, { recursive: true });
  writeFileSync(join(dir, 'other.csv'), 'customer,plan\n1,2\n');
  const crosswalks = Object.fromEntries(crosswalkNames.map((name) => [name, { '1': 1 }]));
  writeFileSync(join(dir, 'check.json'), JSON.stringify({ profile, inputs, crosswalks }));
  try {
    await resolveProfile(await loadConfig(join(dir, 'check.json')));
    return 'none';
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message;
  }
}

describe("a header of another form of the system stops the run naming that form's profile", () => {
  it('names splynx-import for the import layout read with "profile": "splynx", once per file', async () => {
    const message = await startUpError('splynx', {
      accounts: 'customers.csv',
      billing_parameters: 'customers.csv',
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe(
      `customers.csv: this header is Splynx's import layout, not Splynx's API field names (an API list saved as JSON, or as CSV): use "profile": "splynx-import" (docs/profiles.md#splynx-import).`,
    );
    // The columns missing follow, as without a hint; the second input on the file adds no line.
    expect(lines[1]).toMatch(/^ {2}customers\.csv: the mapping of accounts names column "/);
    expect(lines).toHaveLength(2);
  });

  it('names the form before the crosswalks: the import layout\'s crosswalks with "profile": "splynx"', async () => {
    const message = await startUpError('splynx', { accounts: 'customers.csv', services: 'services.csv' }, [
      'account_types',
      'statuses',
      'locations',
      'subdivisions',
      'plans',
    ]);
    // Not "needs the crosswalks internet_plans, voice_plans": those belong to the wrong form.
    expect(message.split('\n')).toEqual([
      `customers.csv: this header is Splynx's import layout, not Splynx's API field names (an API list saved as JSON, or as CSV): use "profile": "splynx-import" (docs/profiles.md#splynx-import).`,
      `services.csv: this header is Splynx's import layout, not Splynx's API field names (an API list saved as JSON, or as CSV): use "profile": "splynx-import" (docs/profiles.md#splynx-import).`,
    ]);
  });

  it('names splynx for the API lists read with "profile": "splynx-import"', async () => {
    const message = await startUpError('splynx-import', { accounts: 'customers.json' });
    expect(message.split('\n')[0]).toBe(
      `customers.json: this header is Splynx's API field names (an API list saved as JSON, or as CSV), not Splynx's import layout: use "profile": "splynx" (docs/profiles.md#splynx).`,
    );
  });

  it('names no profile when no form of the system reads the header', async () => {
    const message = await startUpError('splynx', { accounts: 'other.csv' });
    expect(message).not.toContain('this header is');
    expect(message).toContain('the mapping of accounts names column');
  });
});
