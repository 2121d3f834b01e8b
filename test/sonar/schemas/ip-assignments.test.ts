import { describe, expect, test } from 'vitest';
import { ipAssignmentCreateSchema, ipAssignmentUpdateSchema } from '../../../src/sonar/schemas/index.js';
import { issuesOf } from './issues.js';

const subnetMessage =
  'subnet must be an IPv4 or IPv6 address with a CIDR prefix, e.g. 192.0.2.17/32 or 2001:db8::/64';

describe('ipAssignmentCreateSchema', () => {
  test('accepts an IPv4 /32 and an IPv6 /64 assigned to the account', () => {
    expect(
      issuesOf(ipAssignmentCreateSchema, { subnet: '192.0.2.17/32', assigned_entity: 'accounts' }),
    ).toEqual([]);
    expect(
      issuesOf(ipAssignmentCreateSchema, { subnet: '2001:db8::/64', assigned_entity: 'accounts' }),
    ).toEqual([]);
  });

  test('rejects an address without a prefix, and text that is no address', () => {
    for (const subnet of ['192.0.2.17', '192.0.2.300/32', 'example']) {
      expect(issuesOf(ipAssignmentCreateSchema, { subnet, assigned_entity: 'accounts' })).toEqual([
        { path: 'subnet', message: subnetMessage },
      ]);
    }
  });

  test('rejects an entity Sonar does not assign IPs to', () => {
    expect(
      issuesOf(ipAssignmentCreateSchema, { subnet: '192.0.2.17/32', assigned_entity: 'contacts' }),
    ).toEqual([
      {
        path: 'assigned_entity',
        message:
          'assigned_entity must be one of accounts, inventory_items, radius_accounts, non_inventoried_mac_addresses',
      },
    ]);
  });

  test('requires assigned_id and inventory_item_field_id for an inventory item', () => {
    expect(
      issuesOf(ipAssignmentCreateSchema, { subnet: '192.0.2.17/32', assigned_entity: 'inventory_items' }),
    ).toEqual([
      {
        path: 'assigned_id',
        message:
          'assigned_id is required when assigned_entity is inventory_items: give the id of that inventory item',
      },
      {
        path: 'inventory_item_field_id',
        message:
          'inventory_item_field_id is required when assigned_entity is inventory_items (the MAC or IMSI field)',
      },
    ]);
    const complete = {
      subnet: '192.0.2.17/32',
      assigned_entity: 'inventory_items',
      assigned_id: 9,
      inventory_item_field_id: 4,
    };
    expect(issuesOf(ipAssignmentCreateSchema, complete)).toEqual([]);
  });

  test('requires assigned_id for a RADIUS account', () => {
    expect(
      issuesOf(ipAssignmentCreateSchema, { subnet: '192.0.2.17/32', assigned_entity: 'radius_accounts' }),
    ).toEqual([
      {
        path: 'assigned_id',
        message:
          'assigned_id is required when assigned_entity is radius_accounts: give the id of that RADIUS account',
      },
    ]);
  });

  test('requires a MAC written AA:AA:AA:AA:AA:AA for a non-inventoried MAC', () => {
    const base = { subnet: '192.0.2.17/32', assigned_entity: 'non_inventoried_mac_addresses' };
    expect(issuesOf(ipAssignmentCreateSchema, base)).toEqual([
      {
        path: 'non_inventoried_mac_address',
        message:
          'non_inventoried_mac_address is required when assigned_entity is non_inventoried_mac_addresses',
      },
    ]);
    expect(
      issuesOf(ipAssignmentCreateSchema, { ...base, non_inventoried_mac_address: 'AA-BB-CC-DD-EE-FF' }),
    ).toEqual([
      {
        path: 'non_inventoried_mac_address',
        message: 'non_inventoried_mac_address must be written AA:AA:AA:AA:AA:AA (six hex pairs with colons)',
      },
    ]);
    expect(
      issuesOf(ipAssignmentCreateSchema, { ...base, non_inventoried_mac_address: 'AA:BB:CC:DD:EE:0F' }),
    ).toEqual([]);
  });
});

describe('ipAssignmentUpdateSchema', () => {
  test('accepts a description alone and rejects a bad subnet', () => {
    expect(issuesOf(ipAssignmentUpdateSchema, { description: 'CPE' })).toEqual([]);
    expect(issuesOf(ipAssignmentUpdateSchema, { subnet: '2001:db8::' })).toEqual([
      { path: 'subnet', message: subnetMessage },
    ]);
  });
});
