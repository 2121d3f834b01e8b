import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KazooSettings } from '../../src/config/kazoo-settings.js';
import type { StandInAccount } from '../../src/kazoo/stand-in.js';

/** The Kazoo account the fixture listing is of (the doc's example id). */
export const ACCOUNT_A = '4b8c6fec4b2597882c0390202d195419';
/** A sub-account with no Sonar account in the crosswalk. */
export const ACCOUNT_B = '9f1d2c3b4a5e6f708192a3b4c5d6e7f8';
/** The Sonar legacy account number ACCOUNT_A maps to. */
export const SONAR_ACCOUNT = 'ACC-1001';
/** A token that must never show up in a message. */
export const TOKEN = 'kz-4f1c9e7d2b8a6c3e5f0a1b2c3d4e5f6a';

/** The folder of the saved Kazoo exports. */
export const fixtureDir = fileURLToPath(new URL('../fixtures/kazoo/', import.meta.url));

/** A saved export, parsed. */
export function readFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(fixtureDir, name), 'utf8')) as Record<string, unknown>;
}

/** The stand-in's account A, serving exactly what the saved exports hold. */
export function standInAccountA(servicesFile = 'services.json'): StandInAccount {
  const listing = readFixture('phone_numbers.json') as { data: { numbers: StandInAccount['numbers'] } };
  const services = readFixture(servicesFile) as { data: Record<string, unknown> };
  return { numbers: listing.data.numbers, services: services.data };
}

/** Settings over the saved exports, as loadConfig would resolve them. */
export function fileSettings(overrides: Partial<KazooSettings> = {}): KazooSettings {
  return {
    numbers: {
      kind: 'file',
      path: join(fixtureDir, 'phone_numbers.json'),
      displayName: 'phone_numbers.json',
    },
    services: { kind: 'file', path: join(fixtureDir, 'services.json'), displayName: 'services.json' },
    accountId: ACCOUNT_A,
    accounts: { [ACCOUNT_A]: SONAR_ACCOUNT },
    rateCenter: { default: 7, byNpa: { '206': 'Seattle, WA' } },
    voiceService: 31,
    servicesCrosswalk: {
      'phone_numbers.did_us': 41,
      'phone_numbers.tollfree_us': 42,
      users: 43,
      'devices.sip_device': false,
      'number_services.e911': 'E911 Fee',
    },
    pageSize: 500,
    ...overrides,
  };
}

/** Settings reading the same account live from a stand-in at `url`. */
export function liveSettings(url: string, overrides: Partial<KazooSettings> = {}): KazooSettings {
  const live = { kind: 'live' as const, url, accountId: ACCOUNT_A };
  return fileSettings({ numbers: live, services: live, ...overrides });
}
