import { z } from 'zod';
import { addressFields, checkCountyCountry } from './address-fields.js';
import {
  billDate,
  emailAddress,
  emailMessageCategories,
  phoneNumbersSchema,
  requestObjectOptions,
  requiredText,
  sonarId,
  sonarIdOf,
} from './common.js';

// Doc: "Accounts - Create account" appears twice (sonar-v1-api.txt lines 16101 and 16274). We follow
// the first, the newest and most complete: it adds the optional explicit `id` and requires `role`
// and `email_message_categories` (the older one, line 16274, had both optional).

/** The physical address fields of an account (doc line 16101), shared with account addresses. */
export const physicalAddressShape = {
  ...addressFields,
  line1: addressFields.line1.describe('The first line of the physical address.'),
};

/** Body of POST /accounts: the account, its physical address and its primary contact. */
export const accountCreateSchema = z
  .strictObject(
    {
      id: sonarIdOf('id')
        .optional()
        .describe('An explicit, unused numeric account id; omit to let Sonar pick the next one.'),
      name: requiredText('name').describe('A name for the new account.'),
      account_type_id: sonarIdOf('account_type_id').describe(
        'The account type id, from /system/account_types.',
      ),
      account_status_id: sonarIdOf('account_status_id').describe(
        'The account status id, from /system/account_statuses.',
      ),
      account_groups: z.array(sonarId).optional().describe('Account group ids, from /system/account_groups.'),
      sub_accounts: z.array(sonarId).optional().describe('Ids of accounts to attach as children.'),
      next_bill_date: billDate
        .optional()
        .describe('When the account next bills, YYYY-MM-DD, day 1–28; usually left to Sonar.'),
      ...physicalAddressShape,
      contact_name: requiredText('contact_name').describe('The name of the primary account contact.'),
      role: requiredText('role').describe('The role of the primary contact, e.g. CEO or Accountant.'),
      email_address: emailAddress.optional(),
      phone_numbers: phoneNumbersSchema.optional(),
      email_message_categories: emailMessageCategories,
    },
    requestObjectOptions,
  )
  .superRefine(checkCountyCountry);

/** Body of POST /accounts. */
export type AccountCreate = z.infer<typeof accountCreateSchema>;

// Doc: "Accounts - Update account" appears three times (lines 16657, 16780, 16903); the first is the
// most complete (it alone documents next_bill_date), so we follow it.

/** Body of PATCH /accounts/:id. */
export const accountUpdateSchema = z.strictObject(
  {
    name: requiredText('name').optional().describe('The name of the account.'),
    account_type_id: sonarIdOf('account_type_id')
      .optional()
      .describe('The account type id, from /system/account_types.'),
    account_status_id: sonarIdOf('account_status_id')
      .optional()
      .describe('The account status id, from /system/account_statuses.'),
    account_groups: z.array(sonarId).optional().describe('Account group ids, from /system/account_groups.'),
    sub_accounts: z
      .array(sonarId)
      .optional()
      .describe('All child account ids (replaces the list; an empty list detaches all children).'),
    prorate: z
      .boolean({ message: 'prorate must be true or false' })
      .optional()
      .describe('Prorate a status change (needs account superuser permission); default false.'),
    next_bill_date: billDate
      .optional()
      .describe('Override the next bill date, YYYY-MM-DD, day 1–28 (needs account superuser permission).'),
  },
  requestObjectOptions,
);

/** Body of PATCH /accounts/:id. */
export type AccountUpdate = z.infer<typeof accountUpdateSchema>;

/** An account as Sonar returns it. */
export const accountSchema = z.looseObject({
  id: z.number().int().describe('The internal id of the account.'),
  name: z.string().describe('The name of the account.'),
  account_type_id: z.number().int().describe('The account type id.'),
  account_status_id: z.number().int().describe('The account status id.'),
  account_groups: z.array(z.number().int()).describe('Account group ids the account belongs to.'),
  // Never read by the tool: may be missing.
  balance_due: z.number().optional().describe('Sum of remaining_due on the account’s invoices.'),
  balance_total: z.number().optional().describe('balance_due plus uninvoiced debits.'),
  sub_accounts: z.array(z.number().int()).describe('Ids of child accounts.'),
  next_bill_date: z
    .string()
    .nullable()
    .describe('When the account next bills, YYYY-MM-DD; null if never activated.'),
  delinquent: z.boolean().optional().describe('Whether the account is delinquent.'),
});

/** An account record. */
export type Account = z.infer<typeof accountSchema>;

/** Body of the next_bill_dates step: PATCH /accounts/:id with only next_bill_date (doc line 16699). */
export const nextBillDateUpdateSchema = z.strictObject(
  {
    next_bill_date: billDate.describe('When the account next bills, YYYY-MM-DD, day 1–28.'),
  },
  requestObjectOptions,
);

/** Body of the next_bill_dates step. */
export type NextBillDateUpdate = z.infer<typeof nextBillDateUpdateSchema>;
