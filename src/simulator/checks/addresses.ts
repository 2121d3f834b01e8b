import { z } from 'zod';
import { coordinate, countryCode, documentedBody, recordId, text } from './fields.js';
import { checkCountyRule } from './place.js';

// Doc: "Account_Addresses - Create account address" (line 3) and "Update account address"
// (line 364), one copy each.

const lineTwo = z
  .string({ error: () => 'The line2 must be a string.' })
  .nullable()
  .optional();
const county = z.string({ error: () => 'The county must be a string.' }).nullable();
// Doc line 44: "If no latitude is set, this will be null".
const latitude = coordinate('latitude', 90).nullable();
const longitude = coordinate('longitude', 180).nullable();

/** POST /accounts/:account_id/addresses (doc line 3: county listed without "optional", line 32). */
export const addressCreateCheck = documentedBody({
  line1: text('line1'),
  line2: lineTwo,
  city: text('city'),
  state: text('state'),
  county,
  zip: text('zip'),
  country: countryCode(),
  latitude,
  longitude,
  address_type_id: recordId('address_type_id'),
}).superRefine(checkCountyRule);

/** PATCH /accounts/:account_id/addresses/:address_id (doc line 364: every field optional). */
export const addressUpdateCheck = documentedBody({
  line1: text('line1').optional(),
  line2: lineTwo,
  city: text('city').optional(),
  state: text('state').optional(),
  county: county.optional(),
  zip: text('zip').optional(),
  country: countryCode().optional(),
  latitude: latitude.optional(),
  longitude: longitude.optional(),
  address_type_id: recordId('address_type_id').optional(),
}).superRefine(checkCountyRule);
