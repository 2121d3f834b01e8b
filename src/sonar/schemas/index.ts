import type { z } from 'zod';
import { accountServiceCreateSchema } from './account-services.js';
import { accountCreateSchema, nextBillDateUpdateSchema } from './accounts.js';
import { addressCreateSchema } from './addresses.js';
import { billingParametersUpdateSchema } from './billing-parameters.js';
import { contactCreateSchema } from './contacts.js';
import { didCreateSchema, didInventoryCreateSchema } from './dids.js';
import { ipAssignmentCreateSchema } from './ip-assignments.js';
import { bankAccountCreateSchema, creditCardCreateSchema } from './payment-methods.js';
import { radiusGroupCreateSchema } from './radius-groups.js';

export * from './account-services.js';
export * from './accounts.js';
export * from './addresses.js';
export * from './billing-parameters.js';
export * from './common.js';
export * from './contacts.js';
export * from './data.js';
export * from './dids.js';
export * from './ip-assignments.js';
export * from './ipam.js';
export * from './payment-methods.js';
export * from './radius-groups.js';
export * from './system.js';

/** The request schema of each load step, keyed by step name (the journal key). */
export const payloadSchemas = {
  radius_groups: radiusGroupCreateSchema,
  did_inventory: didInventoryCreateSchema,
  accounts: accountCreateSchema,
  billing_parameters: billingParametersUpdateSchema,
  contacts: contactCreateSchema,
  addresses: addressCreateSchema,
  services: accountServiceCreateSchema,
  next_bill_dates: nextBillDateUpdateSchema,
  credit_cards: creditCardCreateSchema,
  bank_accounts: bankAccountCreateSchema,
  dids: didCreateSchema,
  ip_assignments: ipAssignmentCreateSchema,
} as const satisfies Record<string, z.ZodType>;

/** A step name that has a payload schema. */
export type PayloadSchemaName = keyof typeof payloadSchemas;

/** The payload type of a step. */
export type PayloadOf<Name extends PayloadSchemaName> = z.infer<(typeof payloadSchemas)[Name]>;
