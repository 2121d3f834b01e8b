import { z } from 'zod';
import { requestObjectOptions, sonarIdOf } from './common.js';

// Doc: /work/shared/sonar-api/sonar-v1-account-ip-addresses.txt ("Assign an IP to an account",
// version 1.2.16). It supersedes the three older copies in sonar-v1-api.txt (lines 5628–5890).

/** What an IP can be assigned to. */
export const assignedEntities = [
  'accounts',
  'inventory_items',
  'radius_accounts',
  'non_inventoried_mac_addresses',
] as const;

const subnetMessage =
  'subnet must be an IPv4 or IPv6 address with a CIDR prefix, e.g. 192.0.2.17/32 or 2001:db8::/64';

/** An IPv4 or IPv6 subnet with its prefix, e.g. 192.0.2.17/32 or 2001:db8::/64. */
export const subnet = z
  .union([z.cidrv4(), z.cidrv6()], { message: subnetMessage })
  .describe('IPv4 or IPv6 address with a CIDR prefix, e.g. 192.0.2.17/32 or 2001:db8::/64.');

/** A MAC address written AA:AA:AA:AA:AA:AA. */
export const macAddress = z
  .string({ message: 'non_inventoried_mac_address must be text' })
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/, {
    message: 'non_inventoried_mac_address must be written AA:AA:AA:AA:AA:AA (six hex pairs with colons)',
  })
  .describe('A MAC address written AA:AA:AA:AA:AA:AA.');

/** The rules that tie the optional ids to assigned_entity (doc: assigned_id, inventory_item_field_id). */
function checkEntityFields(
  value: {
    assigned_entity?: (typeof assignedEntities)[number];
    assigned_id?: number;
    inventory_item_field_id?: number;
    non_inventoried_mac_address?: string;
  },
  ctx: z.RefinementCtx,
) {
  const entity = value.assigned_entity;
  if ((entity === 'inventory_items' || entity === 'radius_accounts') && value.assigned_id === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['assigned_id'],
      message: `assigned_id is required when assigned_entity is ${entity}: give the id of that ${entity === 'inventory_items' ? 'inventory item' : 'RADIUS account'}`,
    });
  }
  if (entity === 'inventory_items' && value.inventory_item_field_id === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['inventory_item_field_id'],
      message:
        'inventory_item_field_id is required when assigned_entity is inventory_items (the MAC or IMSI field)',
    });
  }
  if (entity === 'non_inventoried_mac_addresses' && value.non_inventoried_mac_address === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['non_inventoried_mac_address'],
      message:
        'non_inventoried_mac_address is required when assigned_entity is non_inventoried_mac_addresses',
    });
  }
}

const fields = {
  subnet,
  assigned_entity: z
    .enum(assignedEntities, { message: `assigned_entity must be one of ${assignedEntities.join(', ')}` })
    .describe(
      'What the IP is assigned to: accounts, inventory_items, radius_accounts or non_inventoried_mac_addresses.',
    ),
  assigned_id: sonarIdOf('assigned_id')
    .optional()
    .describe('The id of the entity in assigned_entity; omit for accounts and non-inventoried MACs.'),
  inventory_item_field_id: sonarIdOf('inventory_item_field_id')
    .optional()
    .describe('For inventory items: the id of the field holding the MAC (DHCP) or IMSI (LTE).'),
  non_inventoried_mac_address: macAddress.optional(),
  description: z
    .string({ message: 'description must be text' })
    .optional()
    .describe('A free-text description of the assignment.'),
  service_id: sonarIdOf('service_id')
    .optional()
    .describe('The data service to tie the IP to when the account has several.'),
};

/** Body of POST /accounts/:id/ip_assignments. */
export const ipAssignmentCreateSchema = z
  .strictObject(fields, requestObjectOptions)
  .superRefine(checkEntityFields);

/** Body of POST /accounts/:id/ip_assignments. */
export type IpAssignmentCreate = z.infer<typeof ipAssignmentCreateSchema>;

/**
 * Body of PATCH /accounts/:id/ip_assignments/:ip_assignment_id (account-ip-addresses line 369; every
 * field optional). It takes no assigned_entity: "To change the entity ... delete the existing
 * assignment and create a new one".
 */
export const ipAssignmentUpdateSchema = z.strictObject(
  {
    subnet: subnet.optional(),
    assigned_id: fields.assigned_id,
    inventory_item_field_id: fields.inventory_item_field_id,
    non_inventoried_mac_address: fields.non_inventoried_mac_address,
    description: fields.description,
    service_id: fields.service_id,
  },
  requestObjectOptions,
);

/** Body of PATCH /accounts/:id/ip_assignments/:ip_assignment_id. */
export type IpAssignmentUpdate = z.infer<typeof ipAssignmentUpdateSchema>;

/** An IP assignment as Sonar returns it; a /32 host may come back without its prefix. */
export const ipAssignmentSchema = z.looseObject({
  id: z.number().int().describe('The id of the IP assignment.'),
  subnet_id: z.number().int().nullable().optional().describe('The id of the containing subnet.'),
  subnet: z.string().describe('The IPv4 or IPv6 subnet.'),
  assigned_entity: z.string().describe('What the IP is assigned to.'),
  assigned_id: z.number().int().nullable().optional().describe('The id of that entity.'),
  inventory_item_field_id: z.number().int().nullable().optional().describe('The inventory field, or null.'),
  ip_pool_id: z.number().int().nullable().optional().describe('The IP pool, or null.'),
  account_id: z.number().int().describe('The account the IP is assigned to.'),
  service_id: z.number().int().nullable().optional().describe('The data service, or null.'),
  non_inventoried_mac_address: z.string().nullable().optional().describe('The MAC, or null.'),
  description: z.string().nullable().optional().describe('The description, or null.'),
  soft: z.boolean().optional().describe('True when Sonar learned the IP from DHCP or RADIUS.'),
});

/** An IP assignment record. */
export type IpAssignment = z.infer<typeof ipAssignmentSchema>;
