import { isIP } from 'node:net';
import { z } from 'zod';
import { documentedBody, oneOf, optionalText, recordId } from './fields.js';

// Doc: sonar-v1-account-ip-addresses.txt, "Assign an IP to an account (POST)" (version 1.2.16,
// lines 3–50) and "Update IP assignment" (line 369), newer than the copies in sonar-v1-api.txt
// (lines 5628, 6437). Whether the subnet fits a customer/mixed subnet or IP pool is not checked here.

const entities = ['accounts', 'inventory_items', 'radius_accounts', 'non_inventoried_mac_addresses'] as const;

/** "with a CIDR prefix, either IPv4 or IPv6. E.g. 192.168.100.1/32 or 2001:DB8::/64" (line 30). */
const subnet = z
  .string({ error: () => 'The subnet field is required.' })
  .refine(isCidr, { message: 'The subnet must be an IPv4 or IPv6 address with a CIDR prefix.' });

function isCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || prefix === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** "in AA:AA:AA:AA:AA:AA format" (line 46). */
const mac = z
  .string({ error: () => 'The non inventoried mac address must be a string.' })
  .regex(/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/, {
    message: 'The non inventoried mac address must be in AA:AA:AA:AA:AA:AA format.',
  });

/** The ids each assigned_entity needs (lines 40–46). */
function entityNeeds(
  value: {
    assigned_entity?: string;
    assigned_id?: number;
    inventory_item_field_id?: number;
    non_inventoried_mac_address?: string;
  },
  ctx: z.RefinementCtx,
): void {
  const need = (field: string, present: boolean) => {
    if (!present)
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `The ${field} field is required when assigned entity is ${value.assigned_entity}.`,
      });
  };
  const entity = value.assigned_entity;
  // "If assigned_entity is 'accounts' or 'non_inventoried_mac_addresses', this can be omitted."
  if (entity === 'inventory_items' || entity === 'radius_accounts')
    need('assigned_id', value.assigned_id !== undefined);
  if (entity === 'inventory_items')
    need('inventory_item_field_id', value.inventory_item_field_id !== undefined);
  if (entity === 'non_inventoried_mac_addresses')
    need('non_inventoried_mac_address', value.non_inventoried_mac_address !== undefined);
}

const fields = {
  subnet,
  assigned_entity: oneOf('assigned_entity', entities),
  assigned_id: recordId('assigned_id').optional(),
  inventory_item_field_id: recordId('inventory_item_field_id').optional(),
  non_inventoried_mac_address: mac.optional(),
  description: optionalText('description'),
  service_id: recordId('service_id').optional(),
};

/** POST /accounts/:id/ip_assignments. */
export const ipAssignmentCreateCheck = documentedBody(fields).superRefine(entityNeeds);

/**
 * PATCH /accounts/:id/ip_assignments/:ip_assignment_id (line 369): every field optional. The doc
 * lists no assigned_entity here ("To change the entity ... delete the existing assignment and
 * create a new one"), so it is refused.
 */
export const ipAssignmentUpdateCheck = documentedBody({
  subnet: subnet.optional(),
  assigned_id: fields.assigned_id,
  inventory_item_field_id: fields.inventory_item_field_id,
  non_inventoried_mac_address: fields.non_inventoried_mac_address,
  description: fields.description,
  service_id: fields.service_id,
  // Line 417: turns a soft (learned) assignment permanent.
  make_permanent: z.boolean({ error: () => 'The make permanent must be true or false.' }).optional(),
});
