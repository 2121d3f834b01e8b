import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors/index.js';
import { mapKazooServices } from '../../src/kazoo/map-services.js';
import { readKazooServices } from '../../src/kazoo/read-export.js';
import { fileSettings, fixtureDir, SONAR_ACCOUNT } from './kazoo-fixtures.js';

const services = (name: string) => ({
  kind: 'file' as const,
  path: join(fixtureDir, name),
  displayName: name,
});

describe('mapping the Kazoo services summary to account services', () => {
  it('turns the 4.x account quantities into one services row per Sonar service, summed', async () => {
    const settings = fileSettings();
    const { records } = mapKazooServices(await readKazooServices(services('services.json')), settings);
    const rows = records.map((r) => ({
      key: r.legacyKey,
      account: r.accountKey,
      payload: r.payload,
      refs: r.refs,
    }));
    expect(rows).toEqual([
      {
        key: `services:${SONAR_ACCOUNT}:41`,
        account: SONAR_ACCOUNT,
        payload: { service_id: 41, quantity: 6 },
        refs: [],
      },
      {
        key: `services:${SONAR_ACCOUNT}:42`,
        account: SONAR_ACCOUNT,
        payload: { service_id: 42, quantity: 1 },
        refs: [],
      },
      // users.admin 1 + users.user 4 through the category entry "users".
      {
        key: `services:${SONAR_ACCOUNT}:43`,
        account: SONAR_ACCOUNT,
        payload: { service_id: 43, quantity: 5 },
        refs: [],
      },
      {
        key: `services:${SONAR_ACCOUNT}:e911 fee`,
        account: SONAR_ACCOUNT,
        payload: { service_id: null, quantity: 5 },
        refs: [{ path: 'service_id', lookup: 'services', name: 'E911 Fee' }],
      },
    ]);
    const users = records[2];
    expect(users?.source.provenance).toMatchObject({
      file: 'services.json',
      column: 'data.quantities.account.users.admin',
    });
    expect(users?.source.values).toEqual(['users+users', 'admin+user', '5', settings.accountId]);
  });

  it('ignores the cascade quantities (sub-accounts are billed on their own)', async () => {
    const { records } = mapKazooServices(await readKazooServices(services('services.json')), fileSettings());
    expect(records.find((r) => r.payload.service_id === 41)?.payload.quantity).toBe(6);
  });

  it('rejects a non-zero quantity with no crosswalk entry, naming its JSON path', async () => {
    const { rejections } = mapKazooServices(
      await readKazooServices(services('services.json')),
      fileSettings(),
    );
    expect(rejections.map((r) => [r.code, r.source.provenance.column])).toEqual([
      ['MAP_SERVICE_UNMAPPED', 'data.quantities.account.number_services.inbound_cnam'],
      ['MAP_SERVICE_UNMAPPED', 'data.quantities.account.limits.twoway_trunks'],
    ]);
    expect(rejections[0]?.message).toMatch(
      /^services\.json:\d+ column "data\.quantities\.account\.number_services\.inbound_cnam" \(legacy number_services\.inbound_cnam\): 2 × number_services\.inbound_cnam has no Sonar service — add "number_services\.inbound_cnam" \(or "number_services"\) to kazoo\.services_crosswalk/,
    );
  });

  it('reads the legacy 3.x summary, whose quantities are not nested by account', async () => {
    const { records, rejections } = mapKazooServices(
      await readKazooServices(services('services-3x.json')),
      fileSettings(),
    );
    expect(records.map((r) => r.payload)).toEqual([
      { service_id: 41, quantity: 6 },
      { service_id: 42, quantity: 1 },
      { service_id: 43, quantity: 5 },
    ]);
    expect(records[0]?.source.provenance.column).toBe('data.quantities.phone_numbers.did_us');
    expect(rejections).toEqual([]);
  });

  it('refuses quantities that are not {category: {item: count}} as SOURCE_KAZOO_INVALID', () => {
    const read = { data: { quantities: { phone_numbers: 4 } }, file: 'services.json', prefix: 'data.' };
    try {
      mapKazooServices(read, fileSettings());
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SourceError);
      expect((error as SourceError).code).toBe('SOURCE_KAZOO_INVALID');
      expect((error as SourceError).provenance).toEqual({ file: 'services.json', column: 'data.quantities' });
    }
  });
});
