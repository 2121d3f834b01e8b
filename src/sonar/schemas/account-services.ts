import { z } from 'zod';
import { isoDate, requestObjectOptions, sonarIdOf } from './common.js';

// Doc: "Account_Services - Add a service to an account" appears six times (sonar-v1-api.txt lines
// 10840–11270). We follow the first, the newest and most complete: it alone documents
// next_bill_date for multi-month services.

/** One service metadata value: the id of a metadata field and its value (doc line 10873). */
export const serviceMetadataSchema = z.strictObject(
  {
    id: sonarIdOf('service_metadata id').describe('The id of the service metadata field.'),
    value: z
      .union([z.string(), z.number()], { message: 'service_metadata value must be text or a number' })
      .describe('The value to set the metadata field to.'),
  },
  requestObjectOptions,
);

/** Body of POST /accounts/:account_id/services. */
export const accountServiceCreateSchema = z.strictObject(
  {
    service_id: sonarIdOf('service_id').describe('The id of the service to add, from /services.'),
    description: z
      .string({ message: 'description must be text' })
      .optional()
      .describe(
        'For a one-time charge or adjustment: the text shown on invoices instead of the service name.',
      ),
    quantity: z
      .number({ message: 'quantity must be a whole number of 1 or more' })
      .int({ message: 'quantity must be a whole number of 1 or more' })
      .min(1, { message: 'quantity must be a whole number of 1 or more' })
      .optional()
      .describe('How many of the service to add; default 1.'),
    prorate: z
      .boolean({ message: 'prorate must be true or false' })
      .optional()
      .describe('Prorate a recurring service (needs account superuser permission).'),
    amount: z
      .number({ message: 'amount must be a number' })
      .optional()
      .describe('For an adjustment service only (and required there): the amount to adjust by.'),
    price_override: z
      .number({ message: 'price_override must be a number' })
      .optional()
      .describe('For a recurring or expiring service: the price to charge instead of the list price.'),
    price_override_reason: z
      .string({ message: 'price_override_reason must be text' })
      .optional()
      .describe('For a recurring or expiring service: why the price is overridden.'),
    name_override: z
      .string({ message: 'name_override must be text' })
      .optional()
      .describe('The description of the transactions this service generates when billing runs.'),
    // The doc states no day limit here (unlike the account's next_bill_date), so any real date.
    next_bill_date: isoDate
      .optional()
      .describe(
        'For a multi-month service: the next date it bills, YYYY-MM-DD; default the account bill date.',
      ),
    service_metadata: z
      .array(serviceMetadataSchema)
      .optional()
      .describe('Service metadata values: a list of {id, value}.'),
  },
  requestObjectOptions,
);

/** Body of POST /accounts/:account_id/services. */
export type AccountServiceCreate = z.infer<typeof accountServiceCreateSchema>;

/**
 * Body of PATCH /accounts/:account_id/services/:unique_service_relationship_id ("Account_Services -
 * Update account service", line 12560, the newest of six): price override (null removes it), its
 * reason, name override, quantity (line 12591: 1 or more; the oldest copies, 13033 and 13132,
 * lack it), prorate ("only valid if you are changing the quantity", line 12595), a multi-month
 * service's next bill date and metadata. The service itself cannot change: that is a replace.
 */
export const accountServiceUpdateSchema = z.strictObject(
  {
    price_override: accountServiceCreateSchema.shape.price_override.unwrap().nullable().optional(),
    price_override_reason: accountServiceCreateSchema.shape.price_override_reason,
    name_override: accountServiceCreateSchema.shape.name_override,
    quantity: accountServiceCreateSchema.shape.quantity,
    prorate: accountServiceCreateSchema.shape.prorate,
    next_bill_date: accountServiceCreateSchema.shape.next_bill_date,
    service_metadata: accountServiceCreateSchema.shape.service_metadata,
  },
  requestObjectOptions,
);

/** Body of PATCH /accounts/:account_id/services/:unique_service_relationship_id. */
export type AccountServiceUpdate = z.infer<typeof accountServiceUpdateSchema>;

/** What POST /accounts/:account_id/services answers: a relationship id, or success for a one-time charge. */
export const accountServiceCreatedSchema = z.union([
  z.looseObject({
    unique_service_relationship_id: z.number().int().describe('The id of this service on this account.'),
  }),
  z.looseObject({ success: z.literal(true).describe('True when a one-time charge or adjustment was made.') }),
]);

/** What adding a service answers. */
export type AccountServiceCreated = z.infer<typeof accountServiceCreatedSchema>;

/** A service on an account as Sonar returns it (doc line 12072). */
export const accountServiceSchema = z.looseObject({
  unique_service_relationship_id: z.number().int().describe('The id of this service on this account.'),
  id: z.number().int().describe('The id of the service.'),
  number_of_times_billed: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('Times an expiring service has run.'),
  price_override: z
    .union([z.number(), z.string()])
    .nullable()
    .optional()
    .describe('The overridden price, or null.'),
  price_override_reason: z.string().nullable().optional().describe('Why the price is overridden.'),
  package_id: z.number().int().nullable().optional().describe('The package this service came with, or null.'),
  unique_package_id: z.string().nullable().optional().describe('Identifies one instance of a package.'),
  name_override: z.string().nullable().optional().describe('Description of generated transactions.'),
  // Absent from the older answers (doc lines 11908, 11996): a lookup then cannot compare it.
  quantity: z.number().int().optional().describe('The quantity of this service.'),
  next_bill_date: z.string().nullable().optional().describe('When this service next bills, or null.'),
  metadata: z
    .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
    .optional()
    .describe('Metadata values keyed by metadata field id.'),
});

/** A service on an account. */
export type AccountService = z.infer<typeof accountServiceSchema>;
