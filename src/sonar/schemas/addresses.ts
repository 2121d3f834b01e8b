import { z } from 'zod';
import {
  countryCode,
  latitude,
  longitude,
  missingOr,
  requestObjectOptions,
  requiredText,
  sonarIdOf,
} from './common.js';

// Doc: "Account_Addresses - Create account address" (sonar-v1-api.txt line 3) and "Update account
// address" (line 364); each appears once.

/** A county is only for US addresses: Sonar wants it null elsewhere (doc line 24). */
function checkCounty(value: { country?: string; county?: string | null }, ctx: z.RefinementCtx) {
  if (value.country !== undefined && value.country !== 'US' && value.county) {
    ctx.addIssue({
      code: 'custom',
      path: ['county'],
      message: `county must be blank outside the US (country is ${value.country}): Sonar uses counties only for US geo taxes`,
    });
  }
}

const addressFields = {
  line1: requiredText('line1').describe('The first line of the address.'),
  line2: z
    .string({ message: 'line2 must be text' })
    .nullable()
    .optional()
    .describe('The second line of the address, e.g. a suite or apartment number.'),
  city: requiredText('city').describe('The city.'),
  state: requiredText('state').describe(
    'The state, province or other subdivision, as /_data/subdivisions/:country lists it.',
  ),
  county: z
    .string({ error: missingOr('county', 'text (null outside the US)') })
    .nullable()
    .describe('The county from /_data/counties, for US addresses only; null elsewhere.'),
  zip: requiredText('zip').describe('The ZIP or postal code.'),
  country: countryCode,
  // Doc line 28: "If no latitude is set, this will be null", so null is accepted.
  latitude: latitude.nullable(),
  longitude: longitude.nullable(),
  address_type_id: sonarIdOf('address_type_id').describe('The address type id, from /system/address_types.'),
};

/** Body of POST /accounts/:account_id/addresses. */
export const addressCreateSchema = z
  .strictObject(addressFields, requestObjectOptions)
  .superRefine(checkCounty);

/** Body of POST /accounts/:account_id/addresses. */
export type AddressCreate = z.infer<typeof addressCreateSchema>;

/** Body of PATCH /accounts/:account_id/addresses/:address_id (every field optional, doc line 364). */
export const addressUpdateSchema = z
  .strictObject(
    {
      line1: addressFields.line1.optional(),
      line2: addressFields.line2,
      city: addressFields.city.optional(),
      state: addressFields.state.optional(),
      county: addressFields.county.optional(),
      zip: addressFields.zip.optional(),
      country: countryCode.optional(),
      latitude: addressFields.latitude.optional(),
      longitude: addressFields.longitude.optional(),
      address_type_id: addressFields.address_type_id.optional(),
    },
    requestObjectOptions,
  )
  .superRefine(checkCounty);

/** Body of PATCH /accounts/:account_id/addresses/:address_id. */
export type AddressUpdate = z.infer<typeof addressUpdateSchema>;

/** An address as Sonar returns it. */
export const addressSchema = z.looseObject({
  id: z.number().int().describe('The internal id of the address.'),
  line1: z.string().describe('The first line of the address.'),
  line2: z.string().nullable().optional().describe('The second line of the address.'),
  city: z.string().describe('The city.'),
  state: z.string().describe('The state, province or other subdivision.'),
  county: z.string().nullable().optional().describe('The county, for US addresses.'),
  zip: z.string().describe('The ZIP or postal code.'),
  country: z.string().describe('Two-letter ISO country code.'),
  latitude: z.number().nullable().describe('Latitude in decimal degrees, or null.'),
  longitude: z.number().nullable().describe('Longitude in decimal degrees, or null.'),
  address_type_id: z.number().int().describe('The address type id.'),
});

/** An address record. */
export type Address = z.infer<typeof addressSchema>;
