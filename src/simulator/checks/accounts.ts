import { z } from 'zod';
import {
  billingDate,
  bool,
  coordinate,
  countryCode,
  documentedBody,
  email,
  idList,
  phoneNumbers,
  recordId,
  text,
} from './fields.js';
import { checkCountyRule } from './place.js';

// Doc: "Accounts - Create account" appears twice (lines 16101, 16274). The stricter reading of the
// two: `role` and `email_message_categories` are required (16101 requires them, 16274 does not);
// `id` is accepted (16101 only). "Update account" appears three times (16657, 16780, 16903).

/** POST /accounts (doc line 16101). */
export const accountCreateCheck = documentedBody({
  id: recordId('id').optional(),
  name: text('name'),
  account_type_id: recordId('account_type_id'),
  account_status_id: recordId('account_status_id'),
  account_groups: idList('account_groups').optional(),
  sub_accounts: idList('sub_accounts').optional(),
  next_bill_date: billingDate('next_bill_date').optional(),
  line1: text('line1'),
  line2: z.string().nullable().optional(),
  city: text('city'),
  state: text('state'),
  // Listed without "optional" in both copies (doc line 16154): the key must be there, blank
  // outside the US; checkCountyRule requires a value for US addresses.
  county: z.string({ error: () => 'The county field must be present (blank outside the US).' }).nullable(),
  zip: text('zip'),
  country: countryCode(),
  latitude: coordinate('latitude', 90),
  longitude: coordinate('longitude', 180),
  contact_name: text('contact_name'),
  role: text('role'),
  email_address: email('email_address').optional(),
  phone_numbers: phoneNumbers.optional(),
  email_message_categories: idList('email_message_categories'),
}).superRefine(checkCountyRule);

/** The body of POST /accounts once checked. */
export type AccountCreateInput = z.infer<typeof accountCreateCheck>;

/** PATCH /accounts/:id (doc line 16657, the most complete copy). */
export const accountUpdateCheck = documentedBody({
  name: text('name').optional(),
  account_type_id: recordId('account_type_id').optional(),
  account_status_id: recordId('account_status_id').optional(),
  account_groups: idList('account_groups').optional(),
  sub_accounts: idList('sub_accounts').optional(),
  // Listed without "optional" but with "Default value: false" (doc line 16688): may be left out.
  prorate: bool('prorate').optional(),
  next_bill_date: billingDate('next_bill_date').optional(),
});
