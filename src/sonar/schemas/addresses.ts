import { z } from 'zod';
import { addressFields, checkCountyCountry } from './address-fields.js';
import { countryCode, requestObjectOptions, sonarIdOf } from './common.js';

// Doc: "Account_Addresses - Create account address" (sonar-v1-api.txt line 3) and "Update account
// address" (line 364); each appears once.

const addressShape = {
  ...addressFields,
  // Doc line 46: "If no latitude is set, this will be null", so null is accepted.
  latitude: addressFields.latitude.nullable(),
  longitude: addressFields.longitude.nullable(),
  address_type_id: sonarIdOf('address_type_id').describe('The address type id, from /system/address_types.'),
};

/** Body of POST /accounts/:account_id/addresses. */
export const addressCreateSchema = z
  .strictObject(addressShape, requestObjectOptions)
  .superRefine(checkCountyCountry);

/** Body of POST /accounts/:account_id/addresses. */
export type AddressCreate = z.infer<typeof addressCreateSchema>;

/** Body of PATCH /accounts/:account_id/addresses/:address_id (every field optional, doc line 364). */
export const addressUpdateSchema = z
  .strictObject(
    {
      line1: addressShape.line1.optional(),
      line2: addressShape.line2,
      city: addressShape.city.optional(),
      state: addressShape.state.optional(),
      county: addressShape.county.optional(),
      zip: addressShape.zip.optional(),
      country: countryCode.optional(),
      latitude: addressShape.latitude.optional(),
      longitude: addressShape.longitude.optional(),
      address_type_id: addressShape.address_type_id.optional(),
    },
    requestObjectOptions,
  )
  .superRefine(checkCountyCountry);

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
