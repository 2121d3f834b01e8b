import { z } from 'zod';

// Doc: the /system lookups (sonar-v1-api.txt lines 56143–56472), /services (line 50988, the
// first and most complete of seven copies) and /system/voice/rate_centers (line 45353).
// Wrap these records with listEnvelope() for the "get all" answers.

/** A record with an id and a name: account groups, address types, rate centers. */
const namedRecord = {
  id: z.number().int().describe('The id of the record.'),
  name: z.string().describe('Its descriptive name.'),
};

/** An account type (GET /system/account_types). */
export const accountTypeSchema = z.looseObject({
  ...namedRecord,
  type: z.enum(['residential', 'commercial']).describe('residential or commercial.'),
});

/** An account type. */
export type AccountType = z.infer<typeof accountTypeSchema>;

/** An account status (GET /system/account_statuses). */
export const accountStatusSchema = z.looseObject({
  ...namedRecord,
  active: z.boolean().describe('Whether this status activates services.'),
  // Never read: a status without a colour (or with null) must not stop `plan` (issue 12).
  color: z.string().nullable().optional().describe('Its colour as #RRGGBB.'),
  account_super_user_only: z.boolean().optional().describe('Whether only account super users may set it.'),
});

/** An account status. */
export type AccountStatus = z.infer<typeof accountStatusSchema>;

/** An account group (GET /system/account_groups). */
export const accountGroupSchema = z.looseObject(namedRecord);

/** An account group. */
export type AccountGroup = z.infer<typeof accountGroupSchema>;

/** An address type (GET /system/address_types). */
export const addressTypeSchema = z.looseObject(namedRecord);

/** An address type. */
export type AddressType = z.infer<typeof addressTypeSchema>;

/** A rate center (GET /system/voice/rate_centers). */
export const rateCenterSchema = z.looseObject(namedRecord);

/** A rate center. */
export type RateCenter = z.infer<typeof rateCenterSchema>;

/** Service types (doc line 51007: one time, adjustment, expiring, overage, recurring). */
export const serviceTypes = ['one time', 'adjustment', 'expiring', 'overage', 'recurring'] as const;

/** A service of the catalogue (GET /services); only the fields sonar-migrate reads are typed. */
export const serviceSchema = z.looseObject({
  ...namedRecord,
  active: z.boolean().describe('Whether the service can still be added to accounts.'),
  type: z.enum(serviceTypes).describe('one time, adjustment, expiring, overage or recurring.'),
  // Never read by the tool: tolerated when missing (answers are read tolerantly).
  application: z.enum(['credit', 'debit']).optional().describe('credit or debit.'),
  amount: z.union([z.number(), z.string()]).optional().describe('What the service costs.'),
  billing_frequency_in_months: z.number().int().nullable().optional().describe('Months between bills.'),
  data_service: z.boolean().optional().describe('Whether it is a data service.'),
  voice_service: z.boolean().optional().describe('Whether it is a voice service.'),
});

/** A service of the catalogue. */
export type Service = z.infer<typeof serviceSchema>;
