import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeMac } from '../../src/mappers/ip-assignments.js';
import { sonarImporterProfile } from '../../src/mappers/profiles/sonar-importer.js';
import { templatesProfile } from '../../src/mappers/profiles/templates.js';
import { ipAssignmentCreateSchema } from '../../src/sonar/schemas/ip-assignments.js';
import { makeTempDir } from '../helpers/io.js';
import { mapInput } from './map-input.js';

function csvFile(lines: string[]): string {
  const path = join(makeTempDir(), 'ip_assignments.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('IP assignments with a MAC column', () => {
  it('reads the sonar-importer trailing MAC column as a non-inventoried MAC assignment', async () => {
    const path = csvFile(['1001,192.0.2.17,Customer router,1,aa-bb-cc-dd-ee-0f', '1002,192.0.2.18,Direct,1']);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'ip_assignments', { path });
    expect(rejections).toEqual([]);
    expect(records.map((r) => r.payload)).toEqual([
      {
        subnet: '192.0.2.17/32',
        description: 'Customer router',
        service_id: 1,
        non_inventoried_mac_address: 'AA:BB:CC:DD:EE:0F',
        assigned_entity: 'non_inventoried_mac_addresses',
      },
      { subnet: '192.0.2.18/32', description: 'Direct', service_id: 1, assigned_entity: 'accounts' },
    ]);
  });

  it('rejects a MAC that is not six hex pairs, naming the column', async () => {
    const path = csvFile(['1001,192.0.2.17,,1,not-a-mac']);
    const { records, rejections } = await mapInput(sonarImporterProfile, 'ip_assignments', { path });
    expect(records).toEqual([]);
    expect(rejections.map((r) => [r.code, r.source.provenance.row, r.source.provenance.column])).toEqual([
      ['MAP_INVALID_VALUE', 1, 'E'],
    ]);
  });

  it('reads the templates non_inventoried_mac_address column the same way', async () => {
    const path = csvFile([
      'account_number,subnet,non_inventoried_mac_address',
      '1001,2001:db8:1::/64,aabb.ccdd.eeff',
    ]);
    const { records, rejections } = await mapInput(templatesProfile, 'ip_assignments', { path });
    expect(rejections).toEqual([]);
    expect(records[0]?.payload).toEqual({
      subnet: '2001:db8:1::/64',
      non_inventoried_mac_address: 'AA:BB:CC:DD:EE:FF',
      assigned_entity: 'non_inventoried_mac_addresses',
    });
  });

  it('normalizes common MAC spellings and leaves anything else for the schema to refuse', () => {
    expect(normalizeMac('aabbccddeeff')).toBe('AA:BB:CC:DD:EE:FF');
    expect(normalizeMac(' AA:bb:CC:dd:EE:ff ')).toBe('AA:BB:CC:DD:EE:FF');
    expect(normalizeMac('aa:bb:cc')).toBe('aa:bb:cc');
  });
});

describe('IP assignment subnets (schema)', () => {
  const body = (subnet: string) => ({ subnet, assigned_entity: 'accounts' });
  it('accepts IPv4 and IPv6 addresses with a prefix', () => {
    for (const subnet of ['192.0.2.17/32', '198.51.100.0/29', '2001:db8::/64', '2001:db8::1/128'])
      expect(ipAssignmentCreateSchema.safeParse(body(subnet)).success).toBe(true);
  });
  it('refuses a missing or impossible prefix and a malformed address', () => {
    for (const subnet of ['192.0.2.17', '192.0.2.17/33', '2001:db8::/129', '192.0.2.300/32', 'router'])
      expect(ipAssignmentCreateSchema.safeParse(body(subnet)).success).toBe(false);
  });
});
